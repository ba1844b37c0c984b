namespace DataSearch.Evaluation;

/// <summary>How one benchmark file is read.</summary>
/// <param name="Name">The benchmark's name; the file's stem when null.</param>
/// <param name="Checker">A checker to use instead of the format's (a name in the environment's checker set).</param>
/// <param name="Kind">Whether the search optimises it (in-distribution) or only reports it.</param>
/// <param name="Limit">Keep this many questions, drawn with <paramref name="Seed"/> and kept in file order; all when null.</param>
/// <param name="Seed">The draw's seed, and the seed of GPQA's option order.</param>
public sealed record BenchmarkFileOptions(
    string? Name = null,
    string? Checker = null,
    BenchmarkKind Kind = BenchmarkKind.InDistribution,
    int? Limit = null,
    ulong Seed = 1);
