namespace DataSearch.Recipes.Operators;

/// <summary>
/// The shape shared by AutoSelection's precomputed-score filters: keep the samples above a threshold,
/// else the top_k, else the top fraction of the scored input; unscored samples are dropped unless
/// keep_missing_scores. Subclasses name the signal.
/// </summary>
public abstract class ScoreFilter : RecipeOperator
{
    /// <summary>The score column read.</summary>
    protected abstract string Signal { get; }

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
        [CommonParameters.Fraction(), CommonParameters.TopK, CommonParameters.Threshold(), CommonParameters.Descending, CommonParameters.KeepMissingScores];

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments) => [Signal];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        return Keep(input, context.Signals.Scores(Signal), arguments, context);
    }

    /// <summary>The fraction/top_k/threshold rule on one score column.</summary>
    public static Selection Keep(Selection input, float[] scores, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var descending = arguments.Bool("descending");
        Selection kept;
        if (arguments.FloatOrNull("threshold") is { } threshold)
        {
            kept = input.Where(i => !float.IsNaN(scores[i]) && (descending ? scores[i] >= threshold : scores[i] <= threshold));
            context.Report("rule", "threshold");
        }
        else
        {
            var scored = Ranking.Scored(input, scores);
            var k = arguments.IntOrNull("top_k") ?? (int)Math.Ceiling(scored * arguments.Float("fraction"));
            kept = Ranking.Top(input, scores, k, descending);
            context.Report("rule", arguments.Has("top_k") ? "top_k" : "fraction");
        }

        if (arguments.Bool("keep_missing_scores"))
        {
            kept = kept.Union(input.Where(i => float.IsNaN(scores[i])));
        }

        return kept;
    }
}

/// <summary><c>ifd_filter</c>: by Instruction-Following Difficulty (loss of the response given the instruction ÷ loss of the response alone).</summary>
public sealed class IfdFilter : ScoreFilter
{
    /// <inheritdoc />
    public override string Name => "ifd_filter";

    /// <inheritdoc />
    public override bool IsSingleOperatorBaseline => true;

    /// <inheritdoc />
    public override string Description => "Keep samples by Instruction-Following Difficulty: high IFD means the instruction helps the model little, so the sample teaches more. IFD ≥ 1 often marks responses unrelated to their instruction.";

    /// <inheritdoc />
    protected override string Signal => "ifd";
}

/// <summary><c>varentropy_filter</c>: by the variance of next-token entropy over the response.</summary>
public sealed class VarentropyFilter : ScoreFilter
{
    /// <inheritdoc />
    public override string Name => "varentropy_filter";

    /// <inheritdoc />
    public override bool IsSingleOperatorBaseline => true;

    /// <inheritdoc />
    public override string Description => "Keep samples with high (or low) token-level varentropy of the response, a proxy for reasoning complexity.";

    /// <inheritdoc />
    protected override string Signal => "varentropy";
}

/// <summary><c>ngram_entropy</c>: by the Shannon entropy of the sample's word-bigram distribution.</summary>
public sealed class NgramEntropyFilter : ScoreFilter
{
    /// <inheritdoc />
    public override string Name => "ngram_entropy";

    /// <inheritdoc />
    public override string Description => "Keep lexically diverse samples by the entropy (bits) of their word-bigram distribution.";

    /// <inheritdoc />
    protected override string Signal => "ngram_entropy";
}

/// <summary><c>action_object_branching</c>: by the verb–object structure of the instruction.</summary>
public sealed class ActionObjectBranchingFilter : ScoreFilter
{
    /// <inheritdoc />
    public override string Name => "action_object_branching";

    /// <inheritdoc />
    public override string Description => "Keep structurally rich instructions: more, and rarer, verb–object pairs (write–poem, sort–letters) score higher.";

    /// <inheritdoc />
    protected override string Signal => "action_object";
}

/// <summary><c>quality_filter</c>: by the rule-based quality score.</summary>
public sealed class QualityFilter : ScoreFilter
{
    /// <inheritdoc />
    public override string Name => "quality_filter";

    /// <inheritdoc />
    public override bool IsSingleOperatorBaseline => true;

    /// <inheritdoc />
    public override string Description => "Keep samples by a rule-based quality score in [0, 1]: penalties for an empty response, repeated phrases, mostly non-ASCII text, a runaway response, unbalanced brackets.";

    /// <inheritdoc />
    protected override string Signal => "quality";
}
