using DataSearch.Errors;
using MathNet.Numerics.Statistics;

namespace DataSearch.Search;

/// <summary>One method on one world of a zoo comparison: its score as a percentage of the oracle's, per seed.</summary>
/// <param name="Method">The method (as in compare.json).</param>
/// <param name="World">The world's name.</param>
/// <param name="PercentPerSeed">100 × the method's score / the oracle's score, seed by seed.</param>
public sealed record ZooCell(string Method, string World, IReadOnlyList<double> PercentPerSeed)
{
    /// <summary>Mean over seeds.</summary>
    public double Mean => PercentPerSeed.Average();

    /// <summary>Sample standard deviation over seeds (0 for one seed).</summary>
    public double StandardDeviation => PercentPerSeed.Count < 2 ? 0 : PercentPerSeed.StandardDeviation();
}

/// <summary>
/// The same methods compared on several worlds (<c>compare --worlds</c>): each method's score as a
/// percentage of the oracle on the same world and seed, so worlds of different difficulty weigh the
/// same, and the mean over the worlds. Only methods every world ran appear in the mean.
/// </summary>
public sealed class ZooSummary
{
    private ZooSummary(IReadOnlyList<string> worlds, IReadOnlyList<ZooCell> cells)
    {
        Worlds = worlds;
        Cells = cells;
    }

    /// <summary>The worlds, in the order given.</summary>
    public IReadOnlyList<string> Worlds { get; }

    /// <summary>Every method on every world that ran it.</summary>
    public IReadOnlyList<ZooCell> Cells { get; }

    /// <summary>The methods every world ran, best zoo mean first.</summary>
    public IReadOnlyList<string> Methods => [.. Cells.GroupBy(c => c.Method).Where(g => g.Count() == Worlds.Count).OrderByDescending(g => g.Average(c => c.Mean)).Select(g => g.Key)];

    /// <summary>Summarises per-world results; a world without an oracle score above 0 on every seed cannot be expressed as a percentage and is refused.</summary>
    /// <exception cref="InvalidConfigurationException">A world has no <c>oracle</c> method, or its oracle scored 0 on some seed.</exception>
    public static ZooSummary Of(IReadOnlyList<(string World, IReadOnlyList<MethodResult> Results)> worlds) =>
        Of(worlds, (_, oracle) => oracle.PerSeed);

    /// <summary>
    /// The same summary of the rescored scores (<see cref="MethodResult.Rescored"/>: each final subset
    /// trained again with a fresh seed), as percentages of the rescored oracle; null when some world's
    /// oracle was not rescored.
    /// </summary>
    public static ZooSummary? OfRescored(IReadOnlyList<(string World, IReadOnlyList<MethodResult> Results)> worlds) =>
        Rescored(worlds) is { } rescored ? Of(rescored, (_, oracle) => oracle.PerSeed) : null;

    /// <summary>
    /// The rescored scores as percentages of a steadier reference: on each world and seed, the mean of the
    /// oracle's two trainings (as found and rescored) rather than its rescored training alone, which moved
    /// by up to 12 points from the first on the fresh zoo worlds (one training's seed noise); the oracle's
    /// own row then shows how far its rescored training fell from that mean. Null when some world's oracle
    /// was not rescored.
    /// </summary>
    public static ZooSummary? OfRescoredAgainstBothOracleTrainings(IReadOnlyList<(string World, IReadOnlyList<MethodResult> Results)> worlds)
    {
        if (Rescored(worlds) is not { } rescored)
        {
            return null;
        }

        var found = worlds.ToDictionary(w => w.World, w => w.Results.First(r => r.Method == "oracle").PerSeed, StringComparer.Ordinal);
        return Of(rescored, (world, oracle) => [.. oracle.PerSeed.Zip(found[world], (again, first) => (again + first) / 2)]);
    }

    private static ZooSummary Of(
        IReadOnlyList<(string World, IReadOnlyList<MethodResult> Results)> worlds,
        Func<string, MethodResult, IReadOnlyList<double>> reference)
    {
        ArgumentNullException.ThrowIfNull(worlds);
        var cells = new List<ZooCell>();
        foreach (var (world, results) in worlds)
        {
            var oracle = results.FirstOrDefault(r => r.Method == "oracle")
                ?? throw new InvalidConfigurationException("compare --worlds", [$"world {world}: no oracle row to take percentages of"]);
            var scores = reference(world, oracle);
            if (scores.Any(v => v <= 0))
            {
                throw new InvalidConfigurationException("compare --worlds", [$"world {world}: the oracle scored 0 on a seed, so no percentage of it can be taken (its compare.json holds the raw scores); a larger model or longer training learns something on it"]);
            }

            cells.AddRange(results.Select(r => new ZooCell(
                r.Method,
                world,
                [.. r.PerSeed.Zip(scores, (value, score) => 100 * value / score)])));
        }

        return new ZooSummary([.. worlds.Select(w => w.World)], cells);
    }

    // Each world's rescored results in place of its scores as found; null unless every world's oracle was rescored.
    private static List<(string World, IReadOnlyList<MethodResult> Results)>? Rescored(IReadOnlyList<(string World, IReadOnlyList<MethodResult> Results)> worlds)
    {
        ArgumentNullException.ThrowIfNull(worlds);
        var rescored = worlds.Select(w => (w.World, (IReadOnlyList<MethodResult>)[.. w.Results.Where(r => r.Rescored is not null).Select(r => r with { PerSeed = r.Rescored! })])).ToList();
        return rescored.TrueForAll(w => w.Item2.Any(r => r.Method == "oracle")) ? rescored : null;
    }

    /// <summary>The cell of <paramref name="method"/> on <paramref name="world"/>, or null.</summary>
    public ZooCell? Cell(string method, string world) => Cells.FirstOrDefault(c => c.Method == method && c.World == world);

    /// <summary>The mean over worlds of <paramref name="method"/>'s per-world mean percentage.</summary>
    public double ZooMean(string method) => Worlds.Average(w => Cell(method, w)?.Mean ?? double.NaN);

    /// <summary>The spread of <paramref name="method"/>'s zoo mean over seeds: the std of the per-seed means across worlds.</summary>
    public double ZooSeedSpread(string method)
    {
        var perSeed = ZooMeansPerSeed(method);
        return perSeed.Count < 2 ? 0 : perSeed.StandardDeviation();
    }

    /// <summary><paramref name="method"/>'s mean percentage over the worlds, seed by seed.</summary>
    public IReadOnlyList<double> ZooMeansPerSeed(string method)
    {
        var perWorld = Worlds.Select(w => Cell(method, w)!.PercentPerSeed).ToList();
        var seeds = perWorld.Min(p => p.Count);
        return [.. Enumerable.Range(0, seeds).Select(s => perWorld.Average(p => p[s]))];
    }

    /// <summary>The baseline (<see cref="Comparison.IsBaseline"/>) with the best zoo mean; null when there is none.</summary>
    public string? StrongestBaseline => Methods.FirstOrDefault(Comparison.IsBaseline);
}
