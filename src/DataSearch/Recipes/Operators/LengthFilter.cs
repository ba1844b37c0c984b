namespace DataSearch.Recipes.Operators;

/// <summary><c>length_filter</c>: keeps samples whose length (characters or tokens) lies in a range.</summary>
public sealed class LengthFilter : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "length_filter";

    /// <inheritdoc />
    public override string Description => "Keep samples whose total length lies in [min, max], in characters or tokens.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("unit", ParameterType.Choice, "Count characters or tokens (UTF-8 bytes, the embedded model's tokens).", "chars", Choices: ["chars", "tokens"]),
        new("min", ParameterType.Int, "Shortest length kept.", 0L, 0, 100_000_000),
        new("max", ParameterType.Int, "Longest length kept; unset means no limit.", null, 1, 100_000_000),
    ];

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments) => [arguments.String("unit")];

    /// <inheritdoc />
    public override IEnumerable<(string Parameter, string Message)> CheckArguments(OperatorArguments arguments)
    {
        if (arguments.IntOrNull("max") is { } max && max < arguments.Int("min"))
        {
            yield return ("max", $"max ({max}) is below min ({arguments.Int("min")})");
        }
    }

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var lengths = context.Signals.Scores(arguments.String("unit"));
        var min = arguments.Int("min");
        var max = arguments.IntOrNull("max") ?? int.MaxValue;
        return input.Where(i => lengths[i] >= min && lengths[i] <= max);
    }
}
