using DataSearch.Signals.Providers;

namespace DataSearch.Recipes.Operators;

/// <summary>
/// <c>semantic_dedup</c>: removes exact duplicates (normalised text), MinHash near duplicates (word
/// n-gram shingles, Jaccard threshold) or embedding near duplicates (cosine of the embedded model's
/// pooled hidden states), keeping one sample per cluster by the keep policy.
/// </summary>
public sealed class SemanticDedup : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "semantic_dedup";

    /// <inheritdoc />
    public override bool IsSingleOperatorBaseline => true;

    /// <inheritdoc />
    public override string Description => "Remove duplicates: exact (normalised text), minhash (Jaccard over word n-grams) or embedding_cosine; keep one sample per cluster (first, longest or highest score).";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Dedup;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("strategy", ParameterType.Choice, "How duplicates are found.", "minhash", Choices: ["exact", "minhash", "embedding_cosine"]),
        new("jaccard_threshold", ParameterType.Float, "MinHash: estimated Jaccard similarity at which two samples are duplicates; lower is more aggressive.", 0.8, 0.5, 0.99),
        new("ngram_size", ParameterType.Int, "MinHash: words per shingle.", 5L, 1, 10),
        new("num_perm", ParameterType.Int, "MinHash: signature length.", 128L, 16, 512),
        new("bands", ParameterType.Int, "MinHash: LSH bands; unset derives bands and rows from the threshold.", null, 1, 512),
        new("rows", ParameterType.Int, "MinHash: rows per band; unset derives them from the threshold.", null, 1, 512),
        new("threshold", ParameterType.Float, "embedding_cosine: cosine similarity at which two samples are duplicates.", 0.98, 0.5, 1.0, Domain: SearchDomain.Fixed),
        new("features", ParameterType.Choice, "embedding_cosine: the vectors compared, the scoring model's pooled hidden states or sentence embeddings (signals compute --embeddings).", "model", Choices: ["model", "embedding"], Domain: SearchDomain.Fixed),
        CommonParameters.Keep,
        CommonParameters.ScoreSignal,
    ];

    /// <inheritdoc />
    public override IEnumerable<(string Parameter, string Message)> CheckArguments(OperatorArguments arguments)
    {
        if (arguments.IntOrNull("bands") is { } bands && arguments.IntOrNull("rows") is { } rows && bands * rows > arguments.Int("num_perm"))
        {
            yield return ("rows", $"bands × rows = {bands * rows} exceeds num_perm = {arguments.Int("num_perm")}");
        }
    }

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments) =>
        KeepSignals(arguments).Concat(arguments.String("strategy") switch
        {
            "exact" => [ExactDuplicates.Column],
            "embedding_cosine" => [$"vectors:{arguments.String("features")}"],
            _ => [],
        });

    /// <summary>Signals the keep policy reads.</summary>
    internal static IEnumerable<string> KeepSignals(OperatorArguments arguments) => arguments.String("keep") switch
    {
        "longest" => ["chars"],
        "highest_score" => [arguments.String("score_signal")],
        _ => [],
    };

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var keep = arguments.String("keep");
        var lengths = keep == "longest" ? context.Signals.Scores("chars") : null;
        var scores = keep == "highest_score" ? context.Signals.Scores(arguments.String("score_signal")) : null;
        switch (arguments.String("strategy"))
        {
            case "exact":
                return Deduplication.KeepOnePerCluster(input, context.Signals.Clusters(ExactDuplicates.Column), keep, lengths, scores);
            case "embedding_cosine":
                var features = arguments.String("features");
                var (vectors, width) = context.Signals.Vectors(features) ?? throw new Signals.MissingSignalException($"vectors:{features}", []);
                return Deduplication.CosineDedup(input, vectors, width, Math.Max(1, input.Count / 64), arguments.Float("threshold"), keep, lengths, scores, context.Random(arguments));
            default:
                var settings = new NearDuplicateSettings(arguments.Int("ngram_size"), arguments.Int("num_perm"), arguments.Float("jaccard_threshold"), arguments.IntOrNull("bands"), arguments.IntOrNull("rows"));
                var cached = context.Signals.Contains(settings.ColumnName);
                var clusters = cached
                    ? context.Signals.Clusters(settings.ColumnName)
                    : context.Recipe.Memo($"near_dup:{settings.Key}", () => NearDuplicates.Clusters(
                        context.Recipe.Pool, settings, null, context.Recipe.Cancellation,
                        context.Recipe.Memo($"minhash:{settings.NgramSize}:{settings.Permutations}", () => NearDuplicates.Signatures(
                            context.Recipe.Pool, new DataSearch.Text.MinHasher(settings.NgramSize, settings.Permutations), null, context.Recipe.Cancellation))));
                context.Report("clusters", cached ? "cached signal" : "computed for these settings");
                return Deduplication.KeepOnePerCluster(input, clusters, keep, lengths, scores);
        }
    }
}

/// <summary>
/// <c>semdedup</c>: SemDeDup on feature vectors — k-means clusters, then inside each cluster drop
/// samples whose cosine similarity to a kept one reaches the threshold.
/// </summary>
public sealed class SemDedup : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "semdedup";

    /// <inheritdoc />
    public override string Description => "SemDeDup: cluster samples' feature vectors with k-means, then remove highly similar items inside each cluster.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Dedup;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("num_clusters", ParameterType.Int, "k-means clusters (capped at the input size).", 100L, 1, 100_000),
        new("cosine_threshold", ParameterType.Float, "Cosine similarity at which two samples are duplicates.", 0.95, 0.5, 1.0),
        new("features", ParameterType.Choice, "Vectors to cluster: SAE feature activations, the model's pooled hidden states, or sentence embeddings (signals compute --embeddings).", "sae", Choices: ["sae", "model", "embedding"]),
        CommonParameters.Keep,
        CommonParameters.ScoreSignal,
        CommonParameters.Seed,
    ];

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments) =>
        SemanticDedup.KeepSignals(arguments).Append($"vectors:{arguments.String("features")}");

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var features = arguments.String("features");
        var (vectors, width) = context.Signals.Vectors(features) ?? throw new Signals.MissingSignalException($"vectors:{features}", []);
        var keep = arguments.String("keep");
        return Deduplication.CosineDedup(
            input, vectors, width, arguments.Int("num_clusters"), arguments.Float("cosine_threshold"), keep,
            keep == "longest" ? context.Signals.Scores("chars") : null,
            keep == "highest_score" ? context.Signals.Scores(arguments.String("score_signal")) : null,
            context.Random(arguments));
    }
}
