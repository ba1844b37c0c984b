using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Models;
using DataSearch.Pool;
using DataSearch.World;

namespace DataSearch.Cli.Internal;

/// <summary>Wires the embedded evaluator for a world folder: its pool, benchmarks and (cached) base model.</summary>
internal static class EmbeddedSetup
{
    /// <summary>Named model sizes: <c>default</c>, <c>quick</c> (fewer steps), <c>tiny</c> (seconds; for tests).</summary>
    public static EmbeddedModelOptions Profile(string name) =>
        EmbeddedModelOptions.Profile(name) ?? throw new UsageException($"--model: unknown profile '{name}'; expected {string.Join(", ", ModelProfiles.Names)}");

    /// <summary>The world folder a pool belongs to: the pool's parent when it holds world.json.</summary>
    public static string WorldOf(string poolFolder)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(poolFolder));
        if (parent is not null && File.Exists(Path.Combine(parent, WorldStore.ManifestFile)))
        {
            return parent;
        }

        throw new UsageException($"{poolFolder}: benchmarks come from a world folder; pass --world DIR (made by 'datasearch world generate')");
    }

    /// <summary>Loads the pool and builds the evaluator, pre-training the base model if it is not cached yet.</summary>
    public static (SamplePool Pool, EmbeddedEvaluator Evaluator, IReadOnlyList<Benchmark> Benchmarks) Create(
        CliEnvironment environment,
        string worldFolder,
        string? poolFolder,
        EmbeddedModelOptions options)
    {
        var world = WorldEnvironment.Open(worldFolder);
        var pool = PoolInput.Open(environment, [poolFolder ?? Path.Combine(worldFolder, WorldStore.PoolFolder)]);
        var evaluator = Evaluators.Embedded(world, options, environment.Error.WriteLine, new ProgressStages(environment), environment.Cancellation);
        return (pool, evaluator, world.Benchmarks());
    }

    /// <summary>Resolves a subset argument: an .ids file, or the name of one of the world's subsets.</summary>
    public static int[] ResolveSubset(string subset, string worldFolder, SamplePool pool)
    {
        var named = Path.Combine(worldFolder, "subsets", $"{subset}.ids");
        return SubsetFile.Read(File.Exists(subset) ? subset : File.Exists(named) ? named : subset, pool);
    }
}
