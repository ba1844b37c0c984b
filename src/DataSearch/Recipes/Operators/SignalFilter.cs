namespace DataSearch.Recipes.Operators;

/// <summary>
/// <c>score_filter</c>: keeps samples whose value of any score signal lies in a band given by absolute
/// bounds (min, max) and/or quantiles of the input (low_quantile, high_quantile) — e.g. an IFD band or a
/// varentropy band.
/// </summary>
public sealed class SignalFilter : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "score_filter";

    /// <inheritdoc />
    public override string Description => "Keep samples whose signal lies within absolute bounds and/or quantile bounds of the input (e.g. an IFD or varentropy band).";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("signal", ParameterType.String, "The score signal (e.g. ifd, varentropy, chars, relevance:gsm8k).", Required: true, Domain: SearchDomain.ScoreSignal),
        new("min", ParameterType.Float, "Smallest value kept.", null),
        new("max", ParameterType.Float, "Largest value kept.", null),
        new("low_quantile", ParameterType.Float, "Drop samples below this quantile of the input.", null, 0.0, 1.0),
        new("high_quantile", ParameterType.Float, "Drop samples above this quantile of the input.", null, 0.0, 1.0),
        CommonParameters.KeepMissingScores,
    ];

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments) => [arguments.String("signal")];

    /// <inheritdoc />
    public override IEnumerable<(string Parameter, string Message)> CheckArguments(OperatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.FloatOrNull("min") is { } min && arguments.FloatOrNull("max") is { } max && min > max)
        {
            yield return ("max", $"max ({max}) is below min ({min})");
        }

        if (arguments.FloatOrNull("low_quantile") is { } low && arguments.FloatOrNull("high_quantile") is { } high && low > high)
        {
            yield return ("high_quantile", $"high_quantile ({high}) is below low_quantile ({low})");
        }
    }

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var scores = context.Signals.Scores(arguments.String("signal"));
        var low = arguments.FloatOrNull("min") ?? double.NegativeInfinity;
        var high = arguments.FloatOrNull("max") ?? double.PositiveInfinity;
        if (arguments.FloatOrNull("low_quantile") is { } lowQuantile)
        {
            low = Math.Max(low, Ranking.Quantile(input, scores, lowQuantile));
        }

        if (arguments.FloatOrNull("high_quantile") is { } highQuantile)
        {
            high = Math.Min(high, Ranking.Quantile(input, scores, highQuantile));
        }

        context.Report("band", new double?[] { double.IsFinite(low) ? low : null, double.IsFinite(high) ? high : null });
        var keepMissing = arguments.Bool("keep_missing_scores");
        return input.Where(i => float.IsNaN(scores[i]) ? keepMissing : scores[i] >= low && scores[i] <= high);
    }
}
