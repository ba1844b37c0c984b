namespace DataSearch.Recipes.Operators;

/// <summary>
/// A score filter over one column per target benchmark (<c>PREFIX:NAME</c>): the fraction / top_k /
/// threshold rule is applied to each benchmark's column separately and the results are united, so no
/// single benchmark dominates. <b>The union may exceed the fraction</b>: with fraction 0.2 and four
/// benchmarks it keeps between 20% and 80% of the input, depending on how much the benchmarks' top
/// samples overlap; the trace reports each benchmark's count and the union's size.
/// </summary>
public abstract class PerTargetFilter : RecipeOperator
{
    /// <summary>The column prefix, with its colon (<c>mona:</c>).</summary>
    protected abstract string Prefix { get; }

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        CommonParameters.Fraction(), CommonParameters.TopK, CommonParameters.Threshold(), CommonParameters.Descending, CommonParameters.KeepMissingScores,
        new("benchmarks", ParameterType.StringList, "Benchmarks (target sets) to select for; unset means every benchmark with a column.", null),
    ];

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var named = arguments.Strings("benchmarks");
        return named.Count == 0 ? [$"{Prefix}*"] : named.Select(b => Prefix + b);
    }

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var named = arguments.Strings("benchmarks");
        var columns = named.Count == 0 ? context.Signals.WithPrefix(Prefix) : [.. named.Select(b => Prefix + b)];
        var union = Selection.Empty;
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var kept = ScoreFilter.Keep(input, context.Signals.Scores(column), arguments, context);
            counts[column[Prefix.Length..]] = kept.Count;
            union = union.Union(kept);
        }

        context.Report("per_benchmark", counts);
        context.Report("union", union.Count);
        return union;
    }
}

/// <summary><c>mona_filter</c>: SAE-feature (MONA) similarity to each benchmark's target samples.</summary>
public sealed class MonaFilter : PerTargetFilter
{
    /// <inheritdoc />
    public override string Name => "mona_filter";

    /// <inheritdoc />
    public override bool IsSingleOperatorBaseline => true;

    /// <inheritdoc />
    public override string Description => "Keep samples whose sparse-autoencoder feature activations are most similar to each benchmark's target samples; per-benchmark top fraction, united (the union may exceed the fraction).";

    /// <inheritdoc />
    protected override string Prefix => "mona:";
}

/// <summary><c>sparse_mona_filter</c>: overlap of active SAE features with each benchmark's characteristic features.</summary>
public sealed class SparseMonaFilter : PerTargetFilter
{
    /// <inheritdoc />
    public override string Name => "sparse_mona_filter";

    /// <inheritdoc />
    public override string Description => "Keep samples whose set of active SAE features overlaps most with the features characteristic of each benchmark's targets; per-benchmark, united.";

    /// <inheritdoc />
    protected override string Prefix => "sparse_mona:";
}

/// <summary><c>relevance_filter</c>: BM25 relevance to each benchmark's target samples.</summary>
public sealed class RelevanceFilter : PerTargetFilter
{
    /// <inheritdoc />
    public override string Name => "relevance_filter";

    /// <inheritdoc />
    public override bool IsSingleOperatorBaseline => true;

    /// <inheritdoc />
    public override string Description => "Keep the samples most relevant (BM25 against the benchmark's target samples) to each benchmark; per-benchmark top fraction, united.";

    /// <inheritdoc />
    protected override string Prefix => "relevance:";
}

/// <summary><c>embedding_relevance_filter</c>: sentence-embedding similarity to each benchmark's target samples (DSIR-like).</summary>
public sealed class EmbeddingRelevanceFilter : PerTargetFilter
{
    /// <inheritdoc />
    public override string Name => "embedding_relevance_filter";

    /// <inheritdoc />
    public override bool IsSingleOperatorBaseline => true;

    /// <inheritdoc />
    public override string Description => "Keep the samples whose sentence embedding is closest (cosine to the centroid of the benchmark's target samples; `signals compute --embeddings`) to each benchmark; per-benchmark top fraction, united.";

    /// <inheritdoc />
    protected override string Prefix => "embed_relevance:";
}
