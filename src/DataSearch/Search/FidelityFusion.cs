namespace DataSearch.Search;

/// <summary>
/// The two fidelities of a multi-fidelity search read together: a straight line from the cheap objective
/// to the full one, fitted over the subsets both evaluators have scored, and for a screened candidate the
/// line's estimate combined with the surrogate's by their precisions (inverse variances). Where the cheap
/// evaluator tracks the full one, the line is tight and its estimate decides; where it does not, the
/// residuals are wide and the surrogate decides. (Treating the two errors as independent is an
/// approximation: both see the same history.)
/// </summary>
public sealed record FidelityFusion(double Intercept, double Slope, double ResidualVariance, int Pairs, double CheapMean, double CheapSumOfSquares)
{
    /// <summary>Subsets scored by both evaluators before a line is fitted.</summary>
    public const int MinimumPairs = 3;

    /// <summary>The line fitted to <paramref name="pairs"/>; null with fewer than <see cref="MinimumPairs"/> or no spread in the cheap scores.</summary>
    public static FidelityFusion? Fit(IReadOnlyList<(double Cheap, double Full)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var n = pairs.Count;
        if (n < MinimumPairs)
        {
            return null;
        }

        var cheapMean = pairs.Average(p => p.Cheap);
        var fullMean = pairs.Average(p => p.Full);
        var sxx = pairs.Sum(p => (p.Cheap - cheapMean) * (p.Cheap - cheapMean));
        if (sxx < 1e-12)
        {
            return null;
        }

        var slope = pairs.Sum(p => (p.Cheap - cheapMean) * (p.Full - fullMean)) / sxx;
        var intercept = fullMean - (slope * cheapMean);
        var residuals = pairs.Sum(p => Math.Pow(p.Full - intercept - (slope * p.Cheap), 2));
        var fullVariance = pairs.Sum(p => (p.Full - fullMean) * (p.Full - fullMean)) / (n - 1);

        // n − 2 degrees of freedom; floored so that three points on a line by chance never silence the surrogate.
        var residualVariance = Math.Max(residuals / (n - 2), (1e-3 * fullVariance) + 1e-9);
        return new FidelityFusion(intercept, slope, residualVariance, n, cheapMean, sxx);
    }

    /// <summary>The line's estimate of the full objective at <paramref name="cheap"/>, with its variance (the residuals' plus the line's own uncertainty there).</summary>
    public (double Mean, double Variance) Estimate(double cheap)
    {
        var leverage = (1.0 / Pairs) + ((cheap - CheapMean) * (cheap - CheapMean) / CheapSumOfSquares);
        return (Intercept + (Slope * cheap), ResidualVariance * (1 + leverage));
    }

    /// <summary>
    /// Expected improvement over <paramref name="best"/> of a screened candidate: of the surrogate's
    /// prediction combined with the line's estimate at its cheap score, or of the prediction alone when the
    /// cheap evaluation failed (null).
    /// </summary>
    public double ExpectedImprovement(double? cheap, (double Mean, double StandardDeviation) surrogate, double best) =>
        GaussianProcess.ExpectedImprovement(cheap is { } score ? Combine(score, surrogate) : surrogate, best);

    /// <summary>The surrogate's prediction and the line's estimate at <paramref name="cheap"/>, combined by precision.</summary>
    public (double Mean, double StandardDeviation) Combine(double cheap, (double Mean, double StandardDeviation) surrogate)
    {
        var (lineMean, lineVariance) = Estimate(cheap);
        var surrogateVariance = Math.Max(surrogate.StandardDeviation * surrogate.StandardDeviation, 1e-12);
        var precision = (1 / surrogateVariance) + (1 / lineVariance);
        var mean = ((surrogate.Mean / surrogateVariance) + (lineMean / lineVariance)) / precision;
        return (mean, Math.Sqrt(1 / precision));
    }
}
