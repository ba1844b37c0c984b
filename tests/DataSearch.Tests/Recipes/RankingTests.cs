using CsCheck;
using DataSearch.Recipes;
using DataSearch.Recipes.Operators;

namespace DataSearch.Tests.Recipes;

public class RankingTests
{
    private static readonly Gen<float> Score = Gen.OneOf(Gen.Int[-5, 5].Select(i => (float)i), Gen.Float, Gen.Const(float.NaN), Gen.Const(-0f));

    [Fact]
    public void Top_matches_a_full_sort_with_ties_broken_by_the_scrambled_index() =>
        Gen.Select(Score.Array[0, 60], Gen.Int[0, 70], Gen.Bool).Sample((scores, k, descending) =>
        {
            var input = Selection.Of(Enumerable.Range(0, scores.Length).Where(i => i % 3 != 1));
            var expected = input.ToArray().Where(i => !float.IsNaN(scores[i]))
                .OrderBy(i => descending ? -(scores[i] == 0 ? 0 : scores[i]) : scores[i] == 0 ? 0 : scores[i]).ThenBy(Ranking.TieBreak)
                .Take(k).Order();
            Assert.Equal(expected, Ranking.Top(input, scores, k, descending).ToArray());
        });

    [Fact]
    public void The_tie_break_is_a_bijection_and_spreads_tied_samples_over_the_whole_pool()
    {
        // Round trip through the key: every kept index is one of the input's (no collisions).
        var pool = 24_000;
        var scores = new float[pool];
        Array.Fill(scores, 1f);
        var kept = Ranking.Top(Selection.All(pool), scores, pool / 4, descending: true).ToArray();
        Assert.Equal(pool / 4, kept.Distinct().Count());
        Assert.All(kept, i => Assert.InRange(i, 0, pool - 1));

        // All tied: a quarter of the pool is kept from every eighth of it in about equal measure, not
        // from its first quarter (a pool concatenated source by source would otherwise lose its later sources).
        var perEighth = kept.GroupBy(i => i / (pool / 8)).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(8, perEighth.Count);
        Assert.All(perEighth.Values, count => Assert.InRange(count, pool / 32 * 0.9, pool / 32 * 1.1));
    }

    [Fact]
    public void Quantile_matches_the_sorted_values() =>
        Gen.Select(Gen.Float[-100, 100].Array[1, 50], Gen.Double[0, 1]).Sample((scores, q) =>
        {
            var sorted = scores.Order().ToArray();
            Assert.Equal(sorted[(int)Math.Floor(q * (sorted.Length - 1))], Ranking.Quantile(Selection.All(scores.Length), scores, q));
        });

    [Fact]
    public void Allocation_fills_the_total_within_capacity_and_near_the_weights() =>
        Gen.Select(Gen.Int[0, 30].Array[1, 5], Gen.Int[1, 10].Array[5], Gen.Int[0, 120]).Sample((sizes, weights, total) =>
        {
            var groups = sizes.Select((s, i) => ($"g{i}", s)).ToDictionary(g => g.Item1, g => g.s);
            var weightMap = groups.Keys.ToDictionary(g => g, g => (double)weights[int.Parse(g[1..], System.Globalization.CultureInfo.InvariantCulture)]);
            var quotas = Mixing.Allocate(groups, weightMap, total);
            Assert.All(quotas, q => Assert.InRange(q.Value, 0, groups[q.Key]));
            Assert.Equal(Math.Min(total, sizes.Sum()), quotas.Values.Sum());
        });
}
