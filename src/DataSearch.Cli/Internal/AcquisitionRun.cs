using System.Globalization;
using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using DataSearch.Agents;
using DataSearch.Environments;
using DataSearch.IO;
using DataSearch.Models;
using DataSearch.Models.Acquisition;
using DataSearch.Pool;
using DataSearch.Runs;
using DataSearch.World;

namespace DataSearch.Cli.Internal;

/// <summary>What `acquire` and `demo` share: an acquisition run in a folder, from training (or its last checkpoint) to the results files.</summary>
internal static class AcquisitionRun
{
    /// <summary>
    /// Trains (resuming after the last completed iteration) unless <paramref name="evaluateOnly"/>,
    /// evaluates the optimizer and, when asked, the <paramref name="baselines"/>; writes
    /// <c>results/</c>, <c>acquired/</c> and <c>logs/</c>, and returns every method's results, the trained optimizer first.
    /// </summary>
    public static IReadOnlyList<AcquisitionEvaluation> Execute(CliEnvironment environment, AcquisitionConfig settings, string runFolder, bool evaluateOnly, IReadOnlyList<string> baselines)
    {
        var folder = new AcquisitionRunFolder(runFolder);
        var resuming = File.Exists(folder.Config);
        Directory.CreateDirectory(runFolder);
        RunFingerprint.CheckOrWrite(runFolder, Fingerprint(settings), resuming, environment.Error.WriteLine);
        AtomicFile.WriteAllText(folder.Config, settings.ToYaml());
        Directory.CreateDirectory(Path.GetDirectoryName(folder.Log)!);
        var (log, logFile) = SearchRun.Logger(environment, folder.Log);
        using var closeLog = logFile;
        log($"acquire in {runFolder}: optimizer {settings.Optimizer}, {settings.Iterations} iterations × {settings.TasksPerIteration} tasks × {settings.TrajectoriesPerTask} trajectories, λ = {settings.Lambda.ToString(CultureInfo.InvariantCulture)}, seed {settings.Seed}");
        using var chat = ChatClientOptions.FromEnvironment(environment.Variables, environment.Secrets) is { } chatOptions
            ? new ChatClient(chatOptions, new ThinkingLog(folder.ThinkingLogs, chatOptions.Redactor))
            : null;
        if (settings.Optimizer == "llm" || settings.Teacher == "llm")
        {
            log(chat is null ? "no LLM endpoint configured (OPENAI_BASE_URL, LLM_MODEL)" : $"LLM endpoint: {chat.Model}; prompts and replies go to thinking_logs/");
        }

        return AcquisitionRunner.Execute(settings, DataEnvironment(settings), folder, log, chat, evaluateOnly, baselines, new ProgressStages(environment), environment.Cancellation);
    }

    /// <summary>Settings an acquisition may change between starts: how many iterations it runs.</summary>
    public static readonly IReadOnlyList<string> BudgetSettings = ["iterations"];

    /// <summary>What an acquisition's results depend on: its settings and the content of its world, tasks pool and corpus.</summary>
    public static RunFingerprint Fingerprint(AcquisitionConfig settings)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.World is { } world)
        {
            data["world"] = RunFingerprint.HashFile(Path.Combine(world, WorldStore.ManifestFile));
            data["pool"] = PoolStore.ContentHash(Path.Combine(world, WorldStore.PoolFolder));
        }

        if (settings.TasksPool is { } tasks)
        {
            data["tasks_pool"] = PoolStore.ContentHash(tasks);
        }

        if (settings.Corpus is { } corpus)
        {
            data["corpus"] = RunFingerprint.HashFile(corpus);
        }

        if (settings.Environment is { } block)
        {
            foreach (var (key, hash) in EnvironmentFactory.Create(block).ContentHashes())
            {
                data[key] = hash;
            }
        }

        return RunFingerprint.Of(settings, BudgetSettings, data);
    }

    /// <summary>The environment an acquisition config names: its <c>environment</c> block, else its world folder, else the built-in world generated in memory.</summary>
    public static IDataEnvironment DataEnvironment(AcquisitionConfig settings) =>
        settings.Environment is { } block ? EnvironmentFactory.Create(block)
        : settings.World is { } folder ? WorldEnvironment.Open(folder)
        : WorldEnvironment.Generate(settings.WorldSize == "small" ? WorldOptions.Small(settings.WorldSeed) : WorldOptions.Default(settings.WorldSeed));
}
