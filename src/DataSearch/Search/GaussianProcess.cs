using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace DataSearch.Search;

/// <summary>
/// A Gaussian-process regression surrogate with an ARD squared-exponential kernel (one length scale per
/// input dimension while there are at least two points per dimension, one shared length scale
/// otherwise), a signal variance and a noise variance, on inputs scaled to [0, 1] by their range and
/// standardised outputs. The hyperparameters maximise the log marginal likelihood with its analytic
/// gradient (box-constrained BFGS on their logarithms, from a few deterministic starts); how the fit went
/// is kept in <see cref="Diagnostics"/> so a caller can say when it did not converge. Predictions give a mean and a
/// standard deviation; <see cref="ExpectedImprovement(double[], double, double)"/> ranks candidates.
/// </summary>
public sealed class GaussianProcess
{
    // Bounds on the log hyperparameters: length scales, signal variance, noise variance.
    private const double LengthLow = -3, LengthHigh = 5, SignalLow = -5, SignalHigh = 5, NoiseLow = -10, NoiseHigh = 1;

    private static readonly (double Length, double Noise)[] Starts = [(0.0, -2.0), (1.0, -4.0), (-0.5, -1.0)];

    private readonly double[] inputMean;
    private readonly double[] inputScale;
    private readonly double outputMean;
    private readonly double outputScale;
    private readonly double[][] inputs;
    private readonly double[] alpha;
    private readonly double[] lower; // the Cholesky factor of the covariance, row-major
    private readonly double[] inverseLengths;
    private readonly double signalVariance;

    private GaussianProcess(double[] inputMean, double[] inputScale, double outputMean, double outputScale, double[][] inputs, Likelihood likelihood, double[] logParameters, GaussianProcessFit fit)
    {
        this.inputMean = inputMean;
        this.inputScale = inputScale;
        this.outputMean = outputMean;
        this.outputScale = outputScale;
        this.inputs = inputs;
        LogParameters = logParameters;
        Diagnostics = fit;
        var state = likelihood.Evaluate(logParameters, gradient: null);
        LogLikelihood = state.Value;
        alpha = state.Alpha;
        lower = state.Lower;
        inverseLengths = [.. logParameters.Take(inputs[0].Length).Select(l => Math.Exp(-l))];
        signalVariance = Math.Exp(logParameters[^2]);
    }

    /// <summary>log length scales (one per dimension), then log signal variance, then log noise variance.</summary>
    public IReadOnlyList<double> LogParameters { get; }

    /// <summary>The log marginal likelihood at the fitted hyperparameters.</summary>
    public double LogLikelihood { get; }

    /// <summary>How the hyperparameter fit went.</summary>
    public GaussianProcessFit Diagnostics { get; }

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
        double[][] standardised = [.. x.Select(row => row.Select((v, d) => (v - inputMean[d]) / inputScale[d]).ToArray())];
        var targets = y.Select(v => (v - outputMean) / outputScale).ToArray();
        var likelihood = new Likelihood(standardised, targets);

        // With more dimensions than points can inform, one length scale is shared by all dimensions
        // (ARD needs data: a 60-dimensional fit from 8 evaluations only chases noise).
        var ard = dimensions <= Math.Max(2, x.Count / 2);
        var free = ard ? dimensions : 1;
        double[] Expand(Vector<double> log) => ard ? [.. log] : [.. Enumerable.Repeat(log[0], dimensions), log[1], log[2]];
        var full = new double[dimensions + 2];
        (double, Vector<double>) Objective(Vector<double> log)
        {
            var value = -likelihood.Evaluate(Expand(log), full).Value;
            var gradient = Vector<double>.Build.Dense(free + 2);
            for (var d = 0; d < dimensions; d++)
            {
                gradient[ard ? d : 0] -= full[d];
            }

            gradient[free] = -full[dimensions];
            gradient[free + 1] = -full[dimensions + 1];
            return (value, gradient);
        }

        var lowerBound = Vector<double>.Build.Dense(free + 2, i => i < free ? LengthLow : i == free ? SignalLow : NoiseLow);
        var upperBound = Vector<double>.Build.Dense(free + 2, i => i < free ? LengthHigh : i == free ? SignalHigh : NoiseHigh);
        var best = (Value: double.PositiveInfinity, Point: Array.Empty<double>());
        var startValue = double.NaN;
        var problems = new List<string>();
        var converged = 0;
        var iterations = 0;
        foreach (var (length, noise) in Starts)
        {
            var start = Vector<double>.Build.Dense(free + 2, i => i < free ? length + (ard ? 0 : 0.5 * Math.Log(dimensions)) : i == free ? 0 : noise);
            start = start.PointwiseMaximum(lowerBound).PointwiseMinimum(upperBound);
            var (atStart, _) = Objective(start);
            startValue = double.IsNaN(startValue) ? atStart : startValue;
            double[] point;
            double value;
            try
            {
                var result = new BfgsBMinimizer(1e-5, 1e-7, 1e-9, 200).FindMinimum(ObjectiveFunction.Gradient(Objective), lowerBound, upperBound, start);
                point = Expand(result.MinimizingPoint);
                value = result.FunctionInfoAtMinimum.Value;
                iterations += result.Iterations;
                converged++;
            }
            catch (Exception e) when (e is OptimizationException or ArgumentException)
            {
                // A start the optimiser could not finish still counts at its own value; the failure is reported.
                problems.Add($"start ({length}, {noise}): {e.Message}");
                point = Expand(start);
                value = atStart;
            }

            if (value < best.Value)
            {
                best = (value, point);
            }
        }

        var fit = new GaussianProcessFit(converged, Starts.Length, iterations, -startValue, -best.Value, problems);
        return new GaussianProcess(inputMean, inputScale, outputMean, outputScale, standardised, likelihood, best.Point, fit);
    }

    /// <summary>The predictive mean and standard deviation (original units) at <paramref name="point"/>.</summary>
    public (double Mean, double StandardDeviation) Predict(double[] point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var n = inputs.Length;
        var z = new double[point.Length];
        for (var d = 0; d < point.Length; d++)
        {
            z[d] = (point[d] - inputMean[d]) / inputScale[d];
        }

        // k = covariances with the data; the mean is k·α, the variance σ² − |L⁻¹k|².
        var v = new double[n];
        var mean = 0.0;
        for (var i = 0; i < n; i++)
        {
            var k = Kernel(inputs[i], z);
            mean += k * alpha[i];
            var sum = k;
            for (var j = 0; j < i; j++)
            {
                sum -= lower[(i * n) + j] * v[j];
            }

            v[i] = sum / lower[(i * n) + i];
        }

        var explained = 0.0;
        foreach (var value in v)
        {
            explained += value * value;
        }

        var variance = Math.Max(1e-12, signalVariance - explained);
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

    /// <summary>The log marginal likelihood of already standardised data at <paramref name="log"/>, its gradient into <paramref name="gradient"/> when given (for tests).</summary>
    internal static double LogMarginalLikelihood(double[][] inputs, double[] targets, double[] log, double[]? gradient) =>
        new Likelihood(inputs, targets).Evaluate(log, gradient).Value;

    private double Kernel(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var d = 0; d < a.Length; d++)
        {
            var scaled = (a[d] - b[d]) * inverseLengths[d];
            sum += scaled * scaled;
        }

        return signalVariance * Math.Exp(-0.5 * sum);
    }

    /// <summary>The log marginal likelihood of standardised data and its gradient in the log hyperparameters.</summary>
    private sealed class Likelihood
    {
        private readonly double[] targets;
        private readonly int n;
        private readonly int dimensions;
        private readonly double[] squaredDifferences; // [d][i][j], i > j, per dimension

        public Likelihood(double[][] inputs, double[] targets)
        {
            this.targets = targets;
            n = inputs.Length;
            dimensions = inputs[0].Length;
            squaredDifferences = new double[dimensions * n * n];
            for (var d = 0; d < dimensions; d++)
            {
                for (var i = 0; i < n; i++)
                {
                    for (var j = 0; j < i; j++)
                    {
                        var difference = inputs[i][d] - inputs[j][d];
                        squaredDifferences[(((d * n) + i) * n) + j] = difference * difference;
                    }
                }
            }
        }

        public readonly record struct State(double Value, double[] Alpha, double[] Lower);

        /// <summary>The value at <paramref name="log"/>; its gradient goes into <paramref name="gradient"/> when given.</summary>
        public State Evaluate(double[] log, double[]? gradient)
        {
            var inverseSquaredLengths = new double[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                inverseSquaredLengths[d] = Math.Exp(-2 * log[d]);
            }

            var signal = Math.Exp(log[dimensions]);
            var noise = Math.Exp(log[dimensions + 1]) + 1e-8;
            var signalPart = new double[n * n];
            var covariance = Matrix<double>.Build.Dense(n, n);
            for (var i = 0; i < n; i++)
            {
                signalPart[(i * n) + i] = signal;
                covariance[i, i] = signal + noise;
                for (var j = 0; j < i; j++)
                {
                    var sum = 0.0;
                    for (var d = 0; d < dimensions; d++)
                    {
                        sum += squaredDifferences[(((d * n) + i) * n) + j] * inverseSquaredLengths[d];
                    }

                    var k = signal * Math.Exp(-0.5 * sum);
                    signalPart[(i * n) + j] = signalPart[(j * n) + i] = k;
                    covariance[i, j] = covariance[j, i] = k;
                }
            }

            MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> factor;
            try
            {
                factor = covariance.Cholesky();
            }
            catch (ArgumentException)
            {
                // Not positive definite at these values: as unlikely as can be, and flat, so the optimiser moves away.
                if (gradient is not null)
                {
                    Array.Clear(gradient);
                }

                return new State(-1e10, new double[n], new double[n * n]);
            }

            var y = Vector<double>.Build.Dense(targets);
            var alpha = factor.Solve(y);
            var value = (-0.5 * y.DotProduct(alpha)) - (0.5 * factor.DeterminantLn) - (0.5 * n * Math.Log(2 * Math.PI));
            if (gradient is not null)
            {
                // dL/dθ = ½ tr((ααᵀ − K⁻¹) dK/dθ); W = ααᵀ − K⁻¹ is symmetric, so sums run over i > j twice.
                var inverse = factor.Solve(Matrix<double>.Build.DenseIdentity(n));
                Array.Clear(gradient);
                for (var i = 0; i < n; i++)
                {
                    var diagonal = (alpha[i] * alpha[i]) - inverse[i, i];
                    gradient[dimensions] += 0.5 * diagonal * signal;
                    gradient[dimensions + 1] += 0.5 * diagonal * (noise - 1e-8);
                    for (var j = 0; j < i; j++)
                    {
                        var weighted = ((alpha[i] * alpha[j]) - inverse[i, j]) * signalPart[(i * n) + j];
                        gradient[dimensions] += weighted;
                        for (var d = 0; d < dimensions; d++)
                        {
                            gradient[d] += weighted * squaredDifferences[(((d * n) + i) * n) + j] * inverseSquaredLengths[d];
                        }
                    }
                }
            }

            var lowerFactor = new double[n * n];
            var l = factor.Factor;
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j <= i; j++)
                {
                    lowerFactor[(i * n) + j] = l[i, j];
                }
            }

            return new State(value, [.. alpha], lowerFactor);
        }
    }
}

/// <summary>How a Gaussian process's hyperparameter fit went.</summary>
/// <param name="Converged">Starts the optimiser finished.</param>
/// <param name="Starts">Starts tried.</param>
/// <param name="Iterations">Optimiser iterations over every start.</param>
/// <param name="StartLogLikelihood">The log marginal likelihood at the first start.</param>
/// <param name="FittedLogLikelihood">The log marginal likelihood at the hyperparameters kept.</param>
/// <param name="Problems">Why each start that did not finish stopped.</param>
public sealed record GaussianProcessFit(int Converged, int Starts, int Iterations, double StartLogLikelihood, double FittedLogLikelihood, IReadOnlyList<string> Problems)
{
    /// <summary>Whether no start converged (the hyperparameters kept are then the best start point's).</summary>
    public bool Failed => Converged == 0;
}
