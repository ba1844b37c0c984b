namespace DataSearch.Recipes.Operators;

/// <summary>A mix with explicit weights per group (source or tag).</summary>
public abstract class WeightedMix : RecipeOperator
{
    /// <summary>How samples are grouped.</summary>
    protected abstract Mixing.GroupBy GroupBy { get; }

    /// <summary>The weights parameter's name.</summary>
    protected abstract string WeightsParameter { get; }

    /// <summary>What the weights range over, for the search.</summary>
    protected abstract SearchDomain WeightsDomain { get; }

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Mix;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new(WeightsParameter, ParameterType.Weights, "Relative weight per group; groups not listed are dropped; unset keeps the input's own proportions.", null, Domain: WeightsDomain),
        CommonParameters.TotalSamples(),
        CommonParameters.Seed,
    ];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var groups = Mixing.Groups(context.Recipe.Pool, input, GroupBy);
        var sizes = Mixing.Sizes(groups);
        IReadOnlyDictionary<string, double> weights = arguments.Has(WeightsParameter)
            ? arguments.Weights(WeightsParameter)
            : sizes.ToDictionary(s => s.Key, s => (double)s.Value, StringComparer.Ordinal);
        var unknown = weights.Keys.Where(k => !sizes.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            context.Report("absent_groups", unknown);
        }

        var quotas = Mixing.Allocate(sizes, weights, arguments.IntOrNull("total_samples"));
        context.Report("quotas", quotas);
        return Mixing.Draw(groups, quotas, context.Random(arguments));
    }
}

/// <summary><c>source_mix</c>: re-balances sources by weight.</summary>
public sealed class SourceMix : WeightedMix
{
    /// <inheritdoc />
    public override string Name => "source_mix";

    /// <inheritdoc />
    public override string Description => "Re-balance sources to the given weights (and total), drawing each source's share at random; never repeats a sample.";

    /// <inheritdoc />
    protected override Mixing.GroupBy GroupBy => Mixing.GroupBy.Source;

    /// <inheritdoc />
    protected override string WeightsParameter => "source_weights";

    /// <inheritdoc />
    protected override SearchDomain WeightsDomain => SearchDomain.SourceWeights;
}

/// <summary><c>tag_mix</c>: re-balances skills (first tag) by weight.</summary>
public sealed class TagMix : WeightedMix
{
    /// <inheritdoc />
    public override string Name => "tag_mix";

    /// <inheritdoc />
    public override string Description => "Re-balance tasks/skills (each sample's first tag) to the given weights (and total), drawing at random.";

    /// <inheritdoc />
    protected override Mixing.GroupBy GroupBy => Mixing.GroupBy.Tag;

    /// <inheritdoc />
    protected override string WeightsParameter => "tag_weights";

    /// <inheritdoc />
    protected override SearchDomain WeightsDomain => SearchDomain.TagWeights;
}

/// <summary><c>truncate_samples</c>: caps the size, keeping each source's share.</summary>
public sealed class TruncateSamples : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "truncate_samples";

    /// <inheritdoc />
    public override string Description => "Hard-cap the subset to total_samples, drawn at random (seeded) within each source in proportion to its size.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Mix;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters => [CommonParameters.TotalSamples(10_000L), CommonParameters.Seed];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var total = arguments.Int("total_samples");
        if (total >= input.Count)
        {
            return input;
        }

        var groups = Mixing.Groups(context.Recipe.Pool, input, Mixing.GroupBy.Source);
        var sizes = Mixing.Sizes(groups);
        var quotas = Mixing.Allocate(sizes, sizes.ToDictionary(s => s.Key, s => (double)s.Value, StringComparer.Ordinal), total);
        context.Report("quotas", quotas);
        return Mixing.Draw(groups, quotas, context.Random(arguments));
    }
}

/// <summary><c>varentropy_mix</c>: weights sources by their mean varentropy.</summary>
public sealed class VarentropyMix : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "varentropy_mix";

    /// <inheritdoc />
    public override string Description => "Mix sources with weights exp(mean varentropy / temperature): sources whose responses need more branching reasoning get more weight.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Mix;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("temperature", ParameterType.Float, "Softmax temperature; low values favour the highest-varentropy source strongly.", 1.0, 0.01, 100.0),
        CommonParameters.TotalSamples(),
        CommonParameters.Seed,
    ];

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments) => ["varentropy"];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var varentropy = context.Signals.Scores("varentropy");
        var groups = Mixing.Groups(context.Recipe.Pool, input, Mixing.GroupBy.Source);
        var means = groups.ToDictionary(
            g => g.Key,
            g => g.Value.Select(i => (double)varentropy[i]).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Average(),
            StringComparer.Ordinal);
        var temperature = arguments.Float("temperature");
        var top = means.Values.DefaultIfEmpty(0).Max();
        var weights = means.ToDictionary(m => m.Key, m => Math.Exp((m.Value - top) / temperature), StringComparer.Ordinal);
        context.Report("mean_varentropy", new SortedDictionary<string, double>(means, StringComparer.Ordinal));
        var quotas = Mixing.Allocate(Mixing.Sizes(groups), weights, arguments.IntOrNull("total_samples"));
        context.Report("quotas", quotas);
        return Mixing.Draw(groups, quotas, context.Random(arguments));
    }
}
