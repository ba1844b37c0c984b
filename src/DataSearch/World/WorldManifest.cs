using DataSearch.Evaluation;
namespace DataSearch.World;

/// <summary>A benchmark as listed in <c>world.json</c>; <paramref name="Skill"/> names the world skill whose checker scores it.</summary>
public sealed record BenchmarkEntry(string Name, string Skill, BenchmarkKind Kind, int Items);

/// <summary>How many samples of one source carry one pathology.</summary>
public sealed record PathologyCount(string Source, Pathology Pathology, int Samples, int MislabelledTags);

/// <summary>The description of a generated world folder (<c>world.json</c>).</summary>
/// <param name="Seed">The seed it was generated from.</param>
/// <param name="Options">The generator's options.</param>
/// <param name="PoolHash">The pool's hash (see the pool manifest).</param>
/// <param name="Samples">Pool size.</param>
/// <param name="Pathologies">Realised counts per source and pathology.</param>
/// <param name="Benchmarks">The benchmarks, in evaluation order.</param>
/// <param name="Subsets">Reference subsets and their sizes.</param>
public sealed record WorldManifest(
    ulong Seed,
    WorldOptions Options,
    string PoolHash,
    int Samples,
    IReadOnlyList<PathologyCount> Pathologies,
    IReadOnlyList<BenchmarkEntry> Benchmarks,
    IReadOnlyDictionary<string, int> Subsets)
{
    /// <summary>Describes <paramref name="world"/>.</summary>
    public static WorldManifest Describe(GeneratedWorld world, string poolHash)
    {
        var sourceOrder = world.Options.Sources.Select(s => s.Name).ToList();
        return new(
            world.Options.Seed,
            world.Options,
            poolHash,
            world.Pool.Count,
            [.. world.Truth
                .GroupBy(t => (t.Source, t.Pathology))
                .Select(g => new PathologyCount(g.Key.Source, g.Key.Pathology, g.Count(), g.Count(t => t.MislabelledTag)))
                .OrderBy(c => sourceOrder.IndexOf(c.Source))
                .ThenBy(c => c.Pathology)],
            [.. world.Benchmarks.Select(b => new BenchmarkEntry(b.Name, b.Checker.Name, b.Kind, b.Items.Count))],
            world.Subsets.ToDictionary(s => s.Key, s => s.Value.Length, StringComparer.Ordinal));
    }
}
