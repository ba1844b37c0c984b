using DataSearch.Search;

namespace DataSearch.Tests.Search;

public class FidelityFusionTests
{
    [Fact]
    public void No_line_is_fitted_from_fewer_than_three_pairs_or_cheap_scores_without_spread()
    {
        Assert.Null(FidelityFusion.Fit([(1.0, 2.0), (2.0, 4.0)]));
        Assert.Null(FidelityFusion.Fit([(1.0, 2.0), (1.0, 4.0), (1.0, 3.0)]));
        Assert.NotNull(FidelityFusion.Fit([(1.0, 2.0), (2.0, 4.0), (3.0, 5.0)]));
    }

    [Fact]
    public void The_line_recovers_how_the_full_objective_follows_the_cheap_one()
    {
        // full = 40 + 3 · cheap + noise of a known spread
        var random = new Random(5);
        var pairs = Enumerable.Range(0, 200).Select(_ =>
        {
            var cheap = random.NextDouble() * 10;
            return (cheap, 40 + (3 * cheap) + ((random.NextDouble() - 0.5) * 2));
        }).ToList();

        var line = FidelityFusion.Fit(pairs)!;

        Assert.InRange(line.Slope, 2.9, 3.1);
        Assert.InRange(line.Intercept, 39.5, 40.5);
        Assert.InRange(Math.Sqrt(line.ResidualVariance), 0.5, 0.65); // uniform on ±1: sd 0.577
        Assert.InRange(line.Estimate(5).Mean, 54.8, 55.2);
        Assert.True(line.Estimate(30).Variance > line.Estimate(5).Variance, "far from the fitted cheap scores the line is less sure");
    }

    [Fact]
    public void A_tight_line_decides_and_a_loose_one_leaves_the_surrogate_in_charge()
    {
        var tight = FidelityFusion.Fit([(1.0, 10.0), (2.0, 20.0), (3.0, 30.0), (4.0, 40.05)])!;
        var tightCombined = tight.Combine(2.5, (Mean: 0, StandardDeviation: 10));
        Assert.InRange(tightCombined.Mean, 24.5, 25.5);
        Assert.True(tightCombined.StandardDeviation < 1);

        // Cheap scores that say nothing about the full ones: wide residuals.
        var loose = FidelityFusion.Fit([(1.0, 30.0), (2.0, 10.0), (3.0, 40.0), (4.0, 15.0), (5.0, 35.0)])!;
        var looseCombined = loose.Combine(3, (Mean: 50, StandardDeviation: 0.5));
        Assert.InRange(looseCombined.Mean, 49, 51);
        Assert.True(looseCombined.StandardDeviation <= 0.5);
    }

    [Fact]
    public void A_cheap_evaluator_that_runs_against_the_full_one_is_read_the_right_way_round()
    {
        // Higher cheap scores have meant lower full ones: of three candidates the surrogate cannot tell
        // apart, the one the cheap evaluator scores lowest is the one to train.
        var line = FidelityFusion.Fit([(1.0, 50.0), (2.0, 40.0), (3.0, 30.0), (4.0, 20.0), (5.0, 10.1)])!;
        var surrogate = (Mean: 30.0, StandardDeviation: 10.0);
        var values = new[] { 1.5, 3.0, 4.5 }.Select(cheap => line.ExpectedImprovement(cheap, surrogate, best: 45)).ToList();

        Assert.True(values[0] > values[1] && values[1] > values[2], string.Join(", ", values));
        Assert.Equal(GaussianProcess.ExpectedImprovement(surrogate, 45), line.ExpectedImprovement(null, surrogate, 45));
    }
}
