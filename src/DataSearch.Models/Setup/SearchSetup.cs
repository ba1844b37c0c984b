using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Extensions;
using DataSearch.IO;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Recipes;
using DataSearch.Runs;
using DataSearch.Search;
using DataSearch.Signals;
using DataSearch.Text;
using DataSearch.World;

namespace DataSearch.Models.Setup;

/// <summary>What `search` and `compare` share: signals (computed when missing), the evaluator, the recipe context and the search space.</summary>
public sealed record SearchSetup(SignalSetup Signals, RecipeContext Context, SearchSpace Space, IEvaluator Evaluator, ExtensionSet Extensions, IEvaluator? Screening = null)
{
    /// <summary>The world folder when the environment is a saved world, else null.</summary>
    public string? WorldFolder => Signals.WorldFolder;

    /// <summary>Computes (or loads) the signals and builds the evaluator the config names; <paramref name="runFolder"/> holds the command evaluator's work, <paramref name="host"/> shows progress and hears notes.</summary>
    public static SearchSetup Create(RunHost host, SearchConfig settings, ExtensionSet extensions, string runFolder)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(extensions);
        var setup = SignalSetup.Resolve(host.Note, settings.World, settings.Pool, settings.Targets, settings.Benchmarks, settings.Signals, settings.Environment);
        ThrowIfEvaluatorCannotScore(settings.Evaluator, setup.Environment);

        var providers = setup.Providers(host, withModel: settings.ModelSignals != false, settings.Model, extensions.Features, withEmbeddings: settings.Embeddings == true, withCrossFit: settings.Crossfit == true);
        var (signals, _) = host.Stages.Run("signals", progress =>
            new SignalStore(setup.SignalFolder).Compute(setup.Input, providers, force: false, progress, host.Cancellation));
        var evaluator = Evaluators.Create(settings.Evaluator, setup.Environment, settings.Model, runFolder, host.Note, host.Stages, host.Cancellation);
        IEvaluator? screening = null;
        if (settings.Screening is { } cheap)
        {
            ThrowIfEvaluatorCannotScore(cheap.Evaluator, setup.Environment);
            screening = Evaluators.Create(cheap.Evaluator, setup.Environment, cheap.Evaluator.Kind == "embedded" ? ScreeningProfile(settings) : settings.Model, Path.Combine(runFolder, "screening"), host.Note, host.Stages, host.Cancellation);
        }

        var context = new RecipeContext(setup.Pool, signals, extensions.Registry) { Benchmarks = setup.Benchmarks, Hooks = extensions.Hooks, Cancellation = host.Cancellation };
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

    /// <summary>Refuses a template or filter probe that names an operator no registry knows, before anything is created or spent.</summary>
    public static void ThrowIfOperatorUnknown(SearchConfig settings, ExtensionSet extensions)
    {
        var problems = settings.Template.Select(name => (Key: "template", Name: name)).Concat(settings.FilterProbes.Select(name => (Key: "filter_probes", Name: name)))
            .Where(entry => !extensions.Registry.TryGet(entry.Name, out _))
            .Select(entry => $"{entry.Key}: unknown operator '{entry.Name}'{(extensions.Registry.Closest(entry.Name) is { } near ? $" (did you mean '{near}'?)" : string.Empty)}; `datasearch operators` lists them")
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException("search settings", problems);
        }
    }

    /// <summary>Settings a search or comparison may change between starts: the budget and how many evaluations run at once.</summary>
    public static readonly IReadOnlyList<string> BudgetSettings = ["max_evaluations", "parallel"];

    /// <summary>
    /// The settings that decide what one evaluation of a subset with a seed scores, besides the data: the
    /// model and the evaluator (the search's own settings decide which subsets are evaluated, not their scores).
    /// </summary>
    public static readonly IReadOnlyList<string> EvaluationSettings = ["model", "evaluator"];

    /// <summary>What a search's or comparison's results depend on: its settings and the content of its pool, world, targets and benchmarks.</summary>
    public static RunFingerprint Fingerprint(SearchConfig settings)
    {
        if (settings.Environment is { } block)
        {
            return RunFingerprint.Of(settings, BudgetSettings, EnvironmentFactory.Create(block).ContentHashes(), UnreadSettings(settings));
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

        return RunFingerprint.Of(settings, BudgetSettings, data, UnreadSettings(settings));
    }

    // What the chosen evaluator never reads cannot change a score, so it does not tie a run to its folder.
    private static string[] UnreadSettings(SearchConfig settings) => [.. settings.Evaluator.UnreadSettings().Select(key => $"evaluator.{key}")];
}
