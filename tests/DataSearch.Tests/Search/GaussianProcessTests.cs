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
        var random = new DataSearch.Randomness.DeterministicRandom(3);
        var x = Enumerable.Range(0, 30).Select(_ => new[] { random.NextDouble() * 4, random.NextDouble() * 4 }).ToList();
        var y = x.Select(p => Math.Sin(p[0] * 1.5)).ToList();
        var gp = GaussianProcess.Fit(x, y);
        Assert.True(gp.LogParameters[1] > gp.LogParameters[0] + 1, $"length scales {Math.Exp(gp.LogParameters[0])} vs {Math.Exp(gp.LogParameters[1])}");
    }

    /// <summary>16 features in [0, 1] whose target depends on the first two only, with a little noise.</summary>
    private static (List<double[]> X, List<double> Y) KnownFunction(int count, ulong seed)
    {
        var random = new DataSearch.Randomness.DeterministicRandom(seed);
        var x = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, 16).Select(_ => random.NextDouble()).ToArray()).ToList();
        var y = x.Select(p => (10 * Math.Sin(3 * p[0])) + (5 * p[1] * p[1]) + (0.1 * (random.NextDouble() - 0.5))).ToList();
        return (x, y);
    }

    [Fact]
    public void The_marginal_likelihoods_gradient_matches_finite_differences()
    {
        var random = new Random(3);
        double[][] x = [.. Enumerable.Range(0, 15).Select(_ => Enumerable.Range(0, 4).Select(_ => random.NextDouble()).ToArray())];
        double[] y = [.. x.Select(p => Math.Sin(3 * p[0]) + p[1] + (0.1 * random.NextDouble()))];
        double[] point = [-0.3, 0.2, 0.5, 1.0, 0.3, -2.5];
        var gradient = new double[point.Length];
        GaussianProcess.LogMarginalLikelihood(x, y, point, gradient);
        for (var i = 0; i < point.Length; i++)
        {
            var (up, down) = ((double[])point.Clone(), (double[])point.Clone());
            up[i] += 1e-5;
            down[i] -= 1e-5;
            var numeric = (GaussianProcess.LogMarginalLikelihood(x, y, up, null) - GaussianProcess.LogMarginalLikelihood(x, y, down, null)) / 2e-5;
            Assert.True(Math.Abs(numeric - gradient[i]) < 1e-4 * Math.Max(1, Math.Abs(numeric)), $"parameter {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(24)]
    [InlineData(40)]
    public void The_hyperparameter_fit_converges_and_improves_the_marginal_likelihood(int count)
    {
        var (x, y) = KnownFunction(count, 5);
        var gp = GaussianProcess.Fit(x, y);
        var fit = gp.Diagnostics;
        Assert.False(fit.Failed, string.Join("; ", fit.Problems));
        Assert.Equal(fit.Starts, fit.Converged);
        Assert.True(fit.FittedLogLikelihood > fit.StartLogLikelihood + 1, $"log likelihood {fit.StartLogLikelihood:0.00} at the start, {fit.FittedLogLikelihood:0.00} fitted");
        Assert.Equal(gp.LogLikelihood, fit.FittedLogLikelihood, 6);

        // The length scales moved away from every start (0, 1, -0.5 for ARD; shifted by ½·ln 16 when shared).
        var length = gp.LogParameters[0];
        Assert.All(new[] { 0.0, 1.0, -0.5, 0.5 * Math.Log(16), 1 + (0.5 * Math.Log(16)), -0.5 + (0.5 * Math.Log(16)) }, start => Assert.True(Math.Abs(length - start) > 0.01, $"log length {length} stayed at its start {start}"));
    }

    [Fact]
    public void With_enough_points_ard_gives_the_dimensions_that_matter_the_shortest_length_scales()
    {
        var (x, y) = KnownFunction(40, 9);
        var gp = GaussianProcess.Fit(x, y);
        var irrelevant = gp.LogParameters.Skip(2).Take(14).ToList();
        Assert.True(gp.LogParameters[0] < irrelevant.Min(), $"x0 {gp.LogParameters[0]:0.00} vs irrelevant ≥ {irrelevant.Min():0.00}");
        Assert.True(gp.LogParameters[1] < irrelevant.Min(), $"x1 {gp.LogParameters[1]:0.00} vs irrelevant ≥ {irrelevant.Min():0.00}");

        // And it predicts held-out points of the function well.
        var (heldOut, truth) = KnownFunction(50, 99);
        var errors = heldOut.Select((p, i) => gp.Predict(p).Mean - truth[i]).ToList();
        var rmse = Math.Sqrt(errors.Average(e => e * e));
        var spread = Math.Sqrt(truth.Average(t => (t - truth.Average()) * (t - truth.Average())));
        Assert.True(rmse < 0.35 * spread, $"held-out RMSE {rmse:0.00} against a spread of {spread:0.00}");
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
