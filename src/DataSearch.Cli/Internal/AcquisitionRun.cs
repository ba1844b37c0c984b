using System.Globalization;
using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using DataSearch.Agents;
using DataSearch.IO;
using DataSearch.Models;
using DataSearch.Models.Acquisition;
using DataSearch.Runs;
using DataSearch.World;
using DataSearch.Environments;

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
        var resuming = File.Exists(Path.Combine(runFolder, "config.yaml"));
        Directory.CreateDirectory(runFolder);
        RunFingerprint.CheckOrWrite(runFolder, Fingerprint(settings), resuming, environment.Error.WriteLine);
        AtomicFile.WriteAllText(Path.Combine(runFolder, "config.yaml"), settings.ToYaml());
        Directory.CreateDirectory(Path.Combine(runFolder, "logs"));
        var (log, logFile) = SearchSetup.Logger(environment, Path.Combine(runFolder, "logs", "ads.log"));
        using var closeLog = logFile;
        log($"acquire in {runFolder}: optimizer {settings.Optimizer}, {settings.Iterations} iterations × {settings.TasksPerIteration} tasks × {settings.TrajectoriesPerTask} trajectories, λ = {settings.Lambda.ToString(CultureInfo.InvariantCulture)}, seed {settings.Seed}");
        using var chat = ChatClientOptions.FromEnvironment(environment.Variables, environment.Secrets) is { } chatOptions
            ? new ChatClient(chatOptions, new ThinkingLog(Path.Combine(runFolder, "thinking_logs"), chatOptions.Redactor))
            : null;
        if (settings.Optimizer == "llm" || settings.Teacher == "llm")
        {
            log(chat is null ? "no LLM endpoint configured (OPENAI_BASE_URL, LLM_MODEL)" : $"LLM endpoint: {chat.Model}; prompts and replies go to thinking_logs/");
        }

        var data = DataEnvironment(settings);
        log($"environment: {data.Description}");
        using var session = ProgressDisplay.Run(environment, "prepare", progress => AcquisitionSession.Open(settings, data, runFolder, log, progress, environment.Cancellation, chat: chat));
        log($"{session.Tasks.Count} tasks ({session.Tasks.Count(t => t.Kind == TaskKind.Skill)} skill, {session.Tasks.Count(t => t.Kind == TaskKind.Knowledge)} knowledge)");
        var optimizer = AcquisitionSession.Optimizer(settings.Optimizer, chat, log, settings.Seed);
        using var disposeOptimizer = optimizer as IDisposable;
        var loop = session.Loop;
        using var policy = evaluateOnly ? LastCheckpoint(session, optimizer, log) : ProgressDisplay.Run(environment, "train", progress => loop.Train(optimizer, progress, environment.Cancellation)).Policy;
        var acquired = new List<AcquiredSample>();
        var evaluation = ProgressDisplay.Run(environment, "evaluate", progress => loop.Evaluate(settings.Optimizer, optimizer, policy, progress, environment.Cancellation, acquired));
        AcquisitionLoop.WriteJson(Path.Combine(runFolder, "results", "evaluation_results.json"), evaluation);
        AcquisitionLoop.WriteAcquiredPool(acquired, Path.Combine(runFolder, "acquired"));
        log($"acquired data: {Path.Combine(runFolder, "acquired")} ({acquired.Count:N0} samples)");
        if (settings.InContext.Enabled)
        {
            ProgressDisplay.Run(environment, "in-context", progress => session.InContext(evaluation, acquired, log, progress, environment.Cancellation));
        }

        var methods = new List<AcquisitionEvaluation> { evaluation };
        foreach (var kind in baselines)
        {
            methods.Add(ProgressDisplay.Run(environment, $"baseline {kind}", progress => loop.Evaluate(kind, AcquisitionSession.Optimizer(kind), null, progress, environment.Cancellation)));
        }

        if (baselines.Count > 0)
        {
            AcquisitionLoop.WriteJson(Path.Combine(runFolder, "results", "baselines.json"), methods);
        }

        return methods;
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
            data["pool"] = SignalSetup.PoolContent(Path.Combine(world, WorldStore.PoolFolder));
        }

        if (settings.TasksPool is { } tasks)
        {
            data["tasks_pool"] = SignalSetup.PoolContent(tasks);
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

    private static LanguageModel LastCheckpoint(AcquisitionSession session, ITrajectoryOptimizer optimizer, Action<string> log)
    {
        var done = session.Loop.CompletedIterations();
        if (done.Count == 0)
        {
            log("no completed iteration: evaluating the untrained optimizer and the base policy");
            return session.BasePolicy.Clone();
        }

        var last = session.Loop.IterationFolder(done.Count);
        optimizer.LoadState(File.ReadAllText(Path.Combine(last, "optimizer.json")));
        log($"evaluating the checkpoint of iteration {done.Count}");
        return LanguageModel.Load(Path.Combine(last, "policy.pt"));
    }
}
