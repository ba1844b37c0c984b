using CsCheck;
using DataSearch.Signals;

namespace DataSearch.Tests.Signals;

public class SeparationTests
{
    [Fact]
    public void The_auc_is_the_share_of_positive_negative_pairs_the_positive_wins_ties_counting_half() =>
        Gen.Select(Gen.OneOf(Gen.Int[0, 4].Select(i => (float)i), Gen.Const(float.NaN)).Array[0, 40], Gen.Bool.Array[40]).Sample((scores, labels) =>
        {
            var positive = labels.Take(scores.Length).ToArray();
            var pos = scores.Where((s, i) => positive[i] && !float.IsNaN(s)).ToList();
            var neg = scores.Where((s, i) => !positive[i] && !float.IsNaN(s)).ToList();
            var auc = Separation.Auc(scores, positive);
            if (pos.Count == 0 || neg.Count == 0)
            {
                Assert.True(double.IsNaN(auc));
                return;
            }

            var wins = pos.Sum(p => neg.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0));
            Assert.Equal(wins / (pos.Count * neg.Count), auc, 9);
        });

    [Fact]
    public void A_score_that_orders_the_groups_perfectly_gives_one_or_zero_and_a_constant_gives_a_half()
    {
        bool[] labels = [true, true, false, false];
        Assert.Equal(1, Separation.Auc([3f, 4f, 1f, 2f], labels));
        Assert.Equal(0, Separation.Auc([1f, 2f, 3f, 4f], labels));
        Assert.Equal(0.5, Separation.Auc([1f, 1f, 1f, 1f], labels));
        Assert.Throws<ArgumentException>(() => Separation.Auc([1f], labels));
    }
}
