namespace DataSearch.Search;

/// <summary>One source's screening probe: the source alone, its objective and its per-benchmark scores.</summary>
/// <param name="Source">The source screened.</param>
/// <param name="Objective">Its objective alone.</param>
/// <param name="Scores">Its score on each benchmark.</param>
public sealed record ScreenedSource(string Source, double Objective, IReadOnlyDictionary<string, double> Scores);

/// <summary>
/// The mix of per-benchmark specialists, read from source screening. The objective averages several
/// benchmarks, and a source that is the best alone may still be far from the best on some of them —
/// where one source teaches arithmetic and another string skills, each alone scores half and the two
/// together all. On each benchmark the objective averages, the source that scored highest alone holds
/// it, unless it beats the best source overall there by less than <see cref="Margin"/> points (one
/// evaluation's benchmark score moves by a few points from seed to seed, so a narrow win is noise and
/// the best source keeps the benchmark). Each holder gets a weight in proportion to the benchmarks it
/// holds.
/// </summary>
public static class SpecialistMix
{
    /// <summary>How many points (of the objective's scale) a source must win a benchmark by, over the best source overall, to hold it.</summary>
    public const double Margin = 10;

    /// <summary>
    /// The mix weights (source → share, summing to 1), or null when fewer than two sources were screened
    /// or the best source holds every benchmark (then the mix is that source alone, already screened).
    /// </summary>
    /// <param name="screened">The screening probes.</param>
    /// <param name="benchmarks">The benchmarks the objective averages (others are not held by anyone).</param>
    public static IReadOnlyDictionary<string, double>? Weights(IReadOnlyList<ScreenedSource> screened, IReadOnlyCollection<string> benchmarks)
    {
        ArgumentNullException.ThrowIfNull(screened);
        ArgumentNullException.ThrowIfNull(benchmarks);
        if (screened.Count < 2)
        {
            return null;
        }

        // Best first; equal objectives in source order, so the result never depends on the log's order.
        var ranked = screened.OrderByDescending(s => s.Objective).ThenBy(s => s.Source, StringComparer.Ordinal).ToList();
        var best = ranked[0];
        var held = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var benchmark in benchmarks.Order(StringComparer.Ordinal))
        {
            if (!best.Scores.TryGetValue(benchmark, out var bestScore))
            {
                continue;
            }

            // The highest scorer among those clearing the margin (the better-ranked on a tie), else the best source.
            var holder = ranked.Where(c => c.Scores.GetValueOrDefault(benchmark, double.NegativeInfinity) > bestScore + Margin)
                .MaxBy(c => c.Scores[benchmark]) ?? best;
            held[holder.Source] = held.GetValueOrDefault(holder.Source) + 1;
        }

        if (held.Count < 2)
        {
            return null;
        }

        var total = (double)held.Values.Sum();
        return held.ToDictionary(h => h.Key, h => Math.Round(h.Value / total, 4), StringComparer.Ordinal);
    }
}
