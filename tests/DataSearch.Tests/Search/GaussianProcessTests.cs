using DataSearch.Search;

namespace DataSearch.Tests.Search;

public class GaussianProcessTests
{
    [Fact]
    public void Interpolates_a_smooth_function_and_is_unsure_far_from_data()
    {
        var x = Enumerable.Range(0, 12).Select(i => new[] { i / 11.0 * 6 }).ToList();
        var y = x.Select(p => Math.Sin(p[0])).ToList();
        var gp = GaussianProcess.Fit(x, y);
        foreach (var probe in new[] { 0.3, 1.7, 2.9, 4.4, 5.5 })
        {
            var (mean, deviation) = gp.Predict([probe]);
            Assert.InRange(mean, Math.Sin(probe) - 0.1, Math.Sin(probe) + 0.1);
            Assert.True(deviation < 0.2);
        }

        Assert.True(gp.Predict([15]).StandardDeviation > 5 * gp.Predict([3]).StandardDeviation);
    }

    [Fact]
    public void Ard_learns_that_an_irrelevant_dimension_does_not_matter()
    {
        var random = new DataSearch.World.DeterministicRandom(3);
        var x = Enumerable.Range(0, 30).Select(_ => new[] { random.NextDouble() * 4, random.NextDouble() * 4 }).ToList();
        var y = x.Select(p => Math.Sin(p[0] * 1.5)).ToList();
        var gp = GaussianProcess.Fit(x, y);
        Assert.True(gp.LogParameters[1] > gp.LogParameters[0] + 1, $"length scales {Math.Exp(gp.LogParameters[0])} vs {Math.Exp(gp.LogParameters[1])}");
    }

    [Fact]
    public void Expected_improvement_prefers_promising_points()
    {
        List<double[]> x = [[0.0], [1.0], [2.0], [3.0]];
        var y = new List<double> { 0, 1, 2, 1 };
        var gp = GaussianProcess.Fit(x, y);
        Assert.True(gp.ExpectedImprovement([2.2], 2) > gp.ExpectedImprovement([0.1], 2));
        Assert.True(gp.ExpectedImprovement([0.1], 2) >= 0);
    }
}
