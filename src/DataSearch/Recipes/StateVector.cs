using DataSearch.Pool;
using DataSearch.Recipes.Operators;
using DataSearch.Signals;
using DataSearch.Signals.Providers;

namespace DataSearch.Recipes;

/// <summary>
/// A fixed-length description of a realised subset, the input the search's surrogate model ranks
/// candidates by. Components (each present when its signal is):
/// <c>scale</c> (share of the pool), <c>token_ratio</c> (share of the pool's tokens),
/// <c>relevance:NAME</c> and <c>mona:NAME</c> (subset mean ÷ pool mean: above 1 means enriched for that
/// benchmark), <c>drift_source</c> and <c>drift_tag</c> (Jensen–Shannon divergence in bits of the
/// source and first-tag mix from the pool's), <c>ifd_*</c> and <c>varentropy_*</c> (mean and quartiles),
/// <c>quality_mean</c>, <c>duplicate_rate</c> and <c>near_duplicate_rate</c> (share of samples whose
/// duplicate cluster already has an earlier member in the subset).
/// </summary>
public sealed record StateVector(IReadOnlyList<KeyValuePair<string, double>> Components)
{
    /// <summary>The component values, in order.</summary>
    public double[] Values => [.. Components.Select(c => c.Value)];

    /// <summary>Computes the state vector of <paramref name="subset"/>.</summary>
    public static StateVector Of(Selection subset, SamplePool pool, SignalSet signals)
    {
        ArgumentNullException.ThrowIfNull(subset);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(signals);
        var all = Selection.All(pool.Count);
        var components = new List<KeyValuePair<string, double>>
        {
            new("scale", pool.Count == 0 ? 0 : subset.Count / (double)pool.Count),
        };
        if (signals.Contains("tokens"))
        {
            var tokens = signals.Scores("tokens");
            components.Add(new("token_ratio", Sum(subset, tokens) / Math.Max(1, Sum(all, tokens))));
        }

        foreach (var prefix in new[] { "relevance:", "mona:" })
        {
            foreach (var column in signals.WithPrefix(prefix))
            {
                var scores = signals.Scores(column);
                var poolMean = Mean(all, scores);
                components.Add(new(column, poolMean > 0 ? Mean(subset, scores) / poolMean : 0));
            }
        }

        components.Add(new("drift_source", JensenShannon(Mixing.Groups(pool, subset, Mixing.GroupBy.Source), Mixing.Groups(pool, all, Mixing.GroupBy.Source))));
        components.Add(new("drift_tag", JensenShannon(Mixing.Groups(pool, subset, Mixing.GroupBy.Tag), Mixing.Groups(pool, all, Mixing.GroupBy.Tag))));
        foreach (var signal in new[] { "ifd", "varentropy" })
        {
            if (signals.Contains(signal))
            {
                var scores = signals.Scores(signal);
                components.Add(new($"{signal}_mean", Mean(subset, scores)));
                components.Add(new($"{signal}_p25", Finite(Ranking.Quantile(subset, scores, 0.25))));
                components.Add(new($"{signal}_p50", Finite(Ranking.Quantile(subset, scores, 0.50))));
                components.Add(new($"{signal}_p75", Finite(Ranking.Quantile(subset, scores, 0.75))));
            }
        }

        if (signals.Contains("quality"))
        {
            components.Add(new("quality_mean", Mean(subset, signals.Scores("quality"))));
        }

        if (signals.Contains(ExactDuplicates.Column))
        {
            components.Add(new("duplicate_rate", DuplicateRate(subset, signals.Clusters(ExactDuplicates.Column))));
        }

        if (signals.Contains("near_dup"))
        {
            components.Add(new("near_duplicate_rate", DuplicateRate(subset, signals.Clusters("near_dup"))));
        }

        return new StateVector(components);
    }

    private static double Finite(float value) => float.IsNaN(value) ? 0 : value;

    private static double Sum(Selection subset, float[] values)
    {
        var sum = 0.0;
        foreach (var i in subset.Indices)
        {
            sum += float.IsNaN(values[i]) ? 0 : values[i];
        }

        return sum;
    }

    private static double Mean(Selection subset, float[] values)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var i in subset.Indices)
        {
            if (!float.IsNaN(values[i]))
            {
                sum += values[i];
                count++;
            }
        }

        return count == 0 ? 0 : sum / count;
    }

    private static double DuplicateRate(Selection subset, int[] clusters)
    {
        if (subset.Count == 0)
        {
            return 0;
        }

        var seen = new HashSet<int>();
        var repeats = 0;
        foreach (var i in subset.Indices)
        {
            repeats += seen.Add(clusters[i]) ? 0 : 1;
        }

        return repeats / (double)subset.Count;
    }

    /// <summary>Jensen–Shannon divergence (bits, 0–1) between two group-size distributions.</summary>
    public static double JensenShannon(IReadOnlyDictionary<string, List<int>> a, IReadOnlyDictionary<string, List<int>> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double totalA = a.Values.Sum(g => g.Count), totalB = b.Values.Sum(g => g.Count);
        if (totalA == 0 || totalB == 0)
        {
            return 0;
        }

        var divergence = 0.0;
        foreach (var key in a.Keys.Union(b.Keys))
        {
            var p = (a.TryGetValue(key, out var ga) ? ga.Count : 0) / totalA;
            var q = (b.TryGetValue(key, out var gb) ? gb.Count : 0) / totalB;
            var m = (p + q) / 2;
            divergence += (p > 0 ? 0.5 * p * Math.Log2(p / m) : 0) + (q > 0 ? 0.5 * q * Math.Log2(q / m) : 0);
        }

        return divergence;
    }
}
