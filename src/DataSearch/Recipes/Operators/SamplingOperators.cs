namespace DataSearch.Recipes.Operators;

/// <summary><c>top_k</c>: the best-scoring samples by any score signal.</summary>
public sealed class TopK : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "top_k";

    /// <inheritdoc />
    public override string Description => "Keep the k (or the top fraction of) samples with the highest (or lowest) value of any score signal.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Recombine;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("signal", ParameterType.String, "The score signal to rank by.", Required: true, Domain: SearchDomain.ScoreSignal),
        new("k", ParameterType.Int, "Samples to keep; overrides fraction.", null, 1, 100_000_000),
        CommonParameters.Fraction(),
        CommonParameters.Descending,
    ];

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments) => [arguments.String("signal")];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var scores = context.Signals.Scores(arguments.String("signal"));
        var k = arguments.IntOrNull("k") ?? (int)Math.Ceiling(Ranking.Scored(input, scores) * arguments.Float("fraction"));
        return Ranking.Top(input, scores, k, arguments.Bool("descending"));
    }
}

/// <summary><c>random_sample</c>: a seeded uniform sample.</summary>
public sealed class RandomSample : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "random_sample";

    /// <inheritdoc />
    public override string Description => "Keep a uniform random sample (seeded) of total_samples, or of a fraction of the input.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Recombine;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters => [CommonParameters.TotalSamples(), CommonParameters.Fraction(), CommonParameters.Seed];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var total = arguments.IntOrNull("total_samples") ?? (int)Math.Ceiling(input.Count * arguments.Float("fraction"));
        var groups = new SortedDictionary<string, List<int>>(StringComparer.Ordinal) { [string.Empty] = [.. input.ToArray()] };
        return Mixing.Draw(groups, new Dictionary<string, int> { [string.Empty] = total }, context.Random(arguments));
    }
}

/// <summary><c>stratified_sample</c>: a seeded sample that keeps each stratum's share.</summary>
public sealed class StratifiedSample : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "stratified_sample";

    /// <inheritdoc />
    public override string Description => "Keep a seeded random sample in which every source (or tag) keeps its share of the input.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Recombine;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("by", ParameterType.Choice, "The strata.", "source", Choices: ["source", "tag"]),
        CommonParameters.TotalSamples(),
        CommonParameters.Fraction(),
        CommonParameters.Seed,
    ];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var total = arguments.IntOrNull("total_samples") ?? (int)Math.Ceiling(input.Count * arguments.Float("fraction"));
        var groups = Mixing.Groups(context.Recipe.Pool, input, arguments.String("by") == "tag" ? Mixing.GroupBy.Tag : Mixing.GroupBy.Source);
        var sizes = Mixing.Sizes(groups);
        var quotas = Mixing.Allocate(sizes, sizes.ToDictionary(s => s.Key, s => (double)s.Value, StringComparer.Ordinal), total);
        context.Report("quotas", quotas);
        return Mixing.Draw(groups, quotas, context.Random(arguments));
    }
}
