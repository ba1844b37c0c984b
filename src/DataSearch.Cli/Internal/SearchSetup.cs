using DataSearch.Cli.Commands;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Extensions;
using DataSearch.IO;
using DataSearch.Models;
using DataSearch.Pool;
using DataSearch.Recipes;
using DataSearch.Runs;
using DataSearch.Search;
using DataSearch.Signals;
using DataSearch.Text;
using DataSearch.World;

namespace DataSearch.Cli.Internal;

/// <summary>What `search` and `compare` share: signals (computed when missing), the evaluator, the recipe context and the search space.</summary>
internal sealed record SearchSetup(SignalSetup Signals, RecipeContext Context, SearchSpace Space, IEvaluator Evaluator, ExtensionSet Extensions, IEvaluator? Screening = null)
{
    /// <summary>The world folder when the environment is a saved world, else null.</summary>
    public string? WorldFolder => Signals.WorldFolder;

    /// <summary>Computes (or loads) the signals and builds the evaluator the config names; <paramref name="runFolder"/> holds the command evaluator's work.</summary>
    public static SearchSetup Create(CliEnvironment environment, SearchConfig settings, ExtensionSet extensions, string runFolder, Action<string> log)
    {
        var setup = SignalSetup.Resolve(environment, settings.World, settings.Pool, settings.Targets, settings.Benchmarks, settings.Signals, settings.Environment);
        ThrowIfEvaluatorCannotScore(settings.Evaluator, setup.Environment);

        var providers = setup.Providers(environment, withModel: true, settings.Model, extensions.Features, withEmbeddings: settings.Embeddings == true, withCrossFit: settings.Crossfit == true);
        var (signals, _) = ProgressDisplay.Run(environment, "signals", progress =>
            new SignalStore(setup.SignalFolder).Compute(setup.Input, providers, force: false, progress, environment.Cancellation));
        var evaluator = Evaluators.Create(settings.Evaluator, setup.Environment, settings.Model, runFolder, environment.Error.WriteLine, new ProgressStages(environment), environment.Cancellation);
        IEvaluator? screening = null;
        if (settings.Screening is { } cheap)
        {
            ThrowIfEvaluatorCannotScore(cheap.Evaluator, setup.Environment);
            screening = Evaluators.Create(cheap.Evaluator, setup.Environment, cheap.Evaluator.Kind == "embedded" ? ScreeningProfile(settings) : settings.Model, Path.Combine(runFolder, "screening"), environment.Error.WriteLine, new ProgressStages(environment), environment.Cancellation);
        }

        var context = new RecipeContext(setup.Pool, signals, extensions.Registry) { Benchmarks = setup.Benchmarks, Hooks = extensions.Hooks, Cancellation = environment.Cancellation };
        var space = SearchSpace.Build(extensions.Catalog, extensions.Registry, signals, setup.Pool, setup.Benchmarks.Count > 0);
        return new SearchSetup(setup, context, space, evaluator, extensions, screening);
    }

    /// <summary>The embedded profile of an embedded screening evaluator: <c>screening.model</c>, else tiny.</summary>
    private static string ScreeningProfile(SearchConfig settings) => settings.Screening?.Model ?? "tiny";

    /// <summary>Refuses the embedded evaluator outside a world: it decodes and checks the world's benchmarks, which a user's files do not have.</summary>
    public static void ThrowIfEvaluatorCannotScore(EvaluatorSettings evaluator, Environments.IDataEnvironment data)
    {
        if (evaluator.Kind == "embedded" && data is not WorldEnvironment)
        {
            throw new UsageException($"the embedded evaluator trains the built-in world's model and scores its benchmarks, so it needs a world environment; this one is {data.Kind}. Use `evaluator: {{kind: proxy}}` (a small model scored by its loss on your benchmarks' held-out answers, on this CPU; docs/proxy.md) or `evaluator: {{kind: command, …}}` (or slurm) to train and score with your own commands (docs/backends.md)");
        }
    }

    /// <summary>
    /// Starts (or continues) a search or comparison in <paramref name="folder"/>, once its settings are
    /// known to be good: refuses an unknown template operator, creates the folder, checks or writes its
    /// fingerprint (a continued run must match it; <paramref name="startedMarker"/> tells a continued run),
    /// writes <c>config.yaml</c> and opens <c>engine.log</c>.
    /// </summary>
    public static (Action<string> Log, IDisposable File) Begin(CliEnvironment environment, SearchConfig settings, ExtensionSet extensions, string folder, string startedMarker)
    {
        ThrowIfTemplateUnknown(settings, extensions);
        var resuming = File.Exists(Path.Combine(folder, startedMarker));
        var fingerprint = Fingerprint(settings);
        Directory.CreateDirectory(folder);
        RunFingerprint.CheckOrWrite(folder, fingerprint, resuming, environment.Error.WriteLine);
        var files = new SearchRunFolder(folder);
        AtomicFile.WriteAllText(files.Config, settings.ToYaml());
        return Logger(environment, files.EngineLog);
    }

    /// <summary>Refuses a template that names an operator no registry knows, before anything is created or spent.</summary>
    public static void ThrowIfTemplateUnknown(SearchConfig settings, ExtensionSet extensions)
    {
        var problems = settings.Template
            .Where(name => !extensions.Registry.TryGet(name, out _))
            .Select(name => $"template: unknown operator '{name}'{(extensions.Registry.Closest(name) is { } near ? $" (did you mean '{near}'?)" : string.Empty)}; `datasearch operators` lists them")
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException("search settings", problems);
        }
    }

    /// <summary>Settings a search or comparison may change between starts: the budget and how many evaluations run at once.</summary>
    public static readonly IReadOnlyList<string> BudgetSettings = ["max_evaluations", "parallel"];

    /// <summary>What a search's or comparison's results depend on: its settings and the content of its pool, world, targets and benchmarks.</summary>
    public static RunFingerprint Fingerprint(SearchConfig settings)
    {
        if (settings.Environment is { } block)
        {
            return RunFingerprint.Of(settings, BudgetSettings, EnvironmentFactory.Create(block).ContentHashes());
        }

        var (pool, targets, benchmarks) = SignalSetup.DataFolders(settings.World, settings.Pool, settings.Targets, settings.Benchmarks);
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["pool"] = PoolStore.ContentHash(pool) };
        if (settings.World is { } world)
        {
            data["world"] = RunFingerprint.HashFile(Path.Combine(world, WorldStore.ManifestFile));
        }

        if (targets is not null)
        {
            data["targets"] = RunFingerprint.HashFolder(targets);
        }

        if (benchmarks is not null)
        {
            data["benchmarks"] = RunFingerprint.HashFolder(benchmarks);
        }

        return RunFingerprint.Of(settings, BudgetSettings, data);
    }

    /// <summary>A logger that appends time-stamped lines to <paramref name="path"/> (flushed) and echoes them to standard error; safe to call from several threads.</summary>
    public static (Action<string> Log, IDisposable File) Logger(CliEnvironment environment, string path)
    {
        var writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var gate = new Lock();
        return (line =>
        {
            // One message is one line whatever agent or pool text it carries (no forged lines), and
            // evaluations in flight at once (--parallel) log from several threads: one line at a time.
            var safe = LogText.OneLine(line);
            lock (gate)
            {
                writer.WriteLine($"{environment.Clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {safe}");
                environment.Error.WriteLine(safe);
            }
        }, writer);
    }
}
