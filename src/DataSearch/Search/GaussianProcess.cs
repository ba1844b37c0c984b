using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace DataSearch.Search;

/// <summary>
/// A Gaussian-process regression surrogate with an ARD squared-exponential kernel (one length scale per
/// input dimension while there are at least two points per dimension, one shared length scale
/// otherwise), a signal variance and a noise variance, on inputs scaled to [0, 1] by their range and standardised outputs. The
/// hyperparameters maximise the log marginal likelihood (Nelder–Mead on their logarithms, from a few
/// deterministic starts). Predictions give a mean and a standard deviation; <see cref="ExpectedImprovement(double[], double, double)"/>
/// ranks candidates.
/// </summary>
public sealed class GaussianProcess
{
    private readonly double[] inputMean;
    private readonly double[] inputScale;
    private readonly double outputMean;
    private readonly double outputScale;
    private readonly Matrix<double> inputs;
    private readonly Vector<double> alpha;
    private readonly MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> cholesky;

    private GaussianProcess(double[] inputMean, double[] inputScale, double outputMean, double outputScale, Matrix<double> inputs, Vector<double> targets, double[] logParameters)
    {
        this.inputMean = inputMean;
        this.inputScale = inputScale;
        this.outputMean = outputMean;
        this.outputScale = outputScale;
        this.inputs = inputs;
        LogParameters = logParameters;
        var (k, _) = Covariance(inputs, logParameters);
        cholesky = k.Cholesky();
        alpha = cholesky.Solve(targets);
        LogLikelihood = LogMarginalLikelihood(inputs, targets, logParameters);
    }

    /// <summary>log length scales (one per dimension), then log signal variance, then log noise variance.</summary>
    public IReadOnlyList<double> LogParameters { get; }

    /// <summary>The log marginal likelihood at the fitted hyperparameters.</summary>
    public double LogLikelihood { get; }

    /// <summary>Fits the surrogate to <paramref name="x"/> (rows) and <paramref name="y"/>.</summary>
    public static GaussianProcess Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException("a Gaussian process needs at least one point and one target per point");
        }

        var dimensions = x[0].Length;
        var inputMean = new double[dimensions];
        var inputScale = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            // Scaled by range, not by standard deviation: a rarely used operator's indicator would
            // otherwise get a huge standardised value and dominate every distance.
            inputMean[d] = x.Min(row => row[d]);
            var range = x.Max(row => row[d]) - inputMean[d];
            inputScale[d] = range > 1e-12 ? range : 1;
        }

        var outputMean = y.Average();
        var outputSpread = Math.Sqrt(y.Average(v => (v - outputMean) * (v - outputMean)));
        var outputScale = outputSpread > 1e-12 ? outputSpread : 1;
        var standardised = Matrix<double>.Build.Dense(x.Count, dimensions, (i, d) => (x[i][d] - inputMean[d]) / inputScale[d]);
        var targets = Vector<double>.Build.Dense(y.Count, i => (y[i] - outputMean) / outputScale);

        // With more dimensions than points can inform, one length scale is shared by all dimensions
        // (ARD needs data: a 60-dimensional fit from 8 evaluations only chases noise).
        var ard = dimensions <= Math.Max(2, x.Count / 2);
        double[] Expand(Vector<double> log) => ard ? [.. log] : [.. Enumerable.Repeat(log[0], dimensions), log[1], log[2]];
        double Objective(Vector<double> log) => -LogMarginalLikelihood(standardised, targets, Expand(log));

        var best = (Value: double.PositiveInfinity, Point: Array.Empty<double>());
        var free = ard ? dimensions : 1;
        foreach (var (length, noise) in new[] { (0.0, -2.0), (1.0, -4.0), (-0.5, -1.0) })
        {
            var start = Vector<double>.Build.Dense(free + 2, i => i < free ? length + (ard ? 0 : 0.5 * Math.Log(dimensions)) : i == free ? 0 : noise);
            double[] point;
            double value;
            try
            {
                var result = new NelderMeadSimplex(1e-6, 400).FindMinimum(ObjectiveFunction.Value(Objective), start);
                point = Expand(result.MinimizingPoint);
                value = result.FunctionInfoAtMinimum.Value;
            }
            catch (MaximumIterationsException)
            {
                point = Expand(start);
                value = Objective(start);
            }

            if (value < best.Value)
            {
                best = (value, point);
            }
        }

        return new GaussianProcess(inputMean, inputScale, outputMean, outputScale, standardised, targets, Clamp(best.Point, dimensions));
    }

    /// <summary>The predictive mean and standard deviation (original units) at <paramref name="point"/>.</summary>
    public (double Mean, double StandardDeviation) Predict(double[] point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var z = Vector<double>.Build.Dense(point.Length, d => (point[d] - inputMean[d]) / inputScale[d]);
        var k = Vector<double>.Build.Dense(inputs.RowCount, i => Kernel(inputs.Row(i), z, LogParameters));
        var mean = k.DotProduct(alpha);
        var v = cholesky.Factor.Solve(k);
        var variance = Math.Max(1e-12, Math.Exp(LogParameters[^2]) - v.DotProduct(v));
        return ((mean * outputScale) + outputMean, Math.Sqrt(variance) * outputScale);
    }

    /// <summary>Expected improvement over <paramref name="best"/> (maximisation), with exploration margin <paramref name="xi"/>.</summary>
    public double ExpectedImprovement(double[] point, double best, double xi = 0.01) => ExpectedImprovement(Predict(point), best, xi);

    /// <summary>Expected improvement over <paramref name="best"/> of a prediction already made.</summary>
    public static double ExpectedImprovement((double Mean, double StandardDeviation) prediction, double best, double xi = 0.01)
    {
        var (mean, deviation) = prediction;
        if (deviation < 1e-12)
        {
            return Math.Max(0, mean - best - xi);
        }

        var z = (mean - best - xi) / deviation;
        return ((mean - best - xi) * Normal.CDF(0, 1, z)) + (deviation * Normal.PDF(0, 1, z));
    }

    private static double[] Clamp(double[] log, int dimensions) =>
        [.. log.Select((v, i) => i < dimensions ? Math.Clamp(v, -3, 5) : i == dimensions ? Math.Clamp(v, -5, 5) : Math.Clamp(v, -10, 1))];

    private static double LogMarginalLikelihood(Matrix<double> x, Vector<double> y, double[] log)
    {
        var clamped = Clamp(log, x.ColumnCount);
        var (k, _) = Covariance(x, clamped);
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> factor;
        try
        {
            factor = k.Cholesky();
        }
        catch (ArgumentException)
        {
            return -1e10;
        }

        var alpha = factor.Solve(y);
        var penalty = log.Select((v, i) => Math.Abs(v - clamped[i])).Sum();
        return (-0.5 * y.DotProduct(alpha)) - (0.5 * factor.DeterminantLn) - (0.5 * y.Count * Math.Log(2 * Math.PI)) - (10 * penalty);
    }

    private static (Matrix<double> K, double Noise) Covariance(Matrix<double> x, IReadOnlyList<double> log)
    {
        var noise = Math.Exp(log[^1]) + 1e-8;
        var k = Matrix<double>.Build.Dense(x.RowCount, x.RowCount, (i, j) => Kernel(x.Row(i), x.Row(j), log) + (i == j ? noise : 0));
        return (k, noise);
    }

    private static double Kernel(Vector<double> a, Vector<double> b, IReadOnlyList<double> log)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Count; d++)
        {
            var scaled = (a[d] - b[d]) / Math.Exp(log[d]);
            sum += scaled * scaled;
        }

        return Math.Exp(log[a.Count]) * Math.Exp(-0.5 * sum);
    }
}
