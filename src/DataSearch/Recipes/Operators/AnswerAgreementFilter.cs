namespace DataSearch.Recipes.Operators;

/// <summary>
/// <c>answer_agreement_filter</c>: drops samples whose answer disagrees with the other samples asking the
/// same question (the <c>answer_agreement</c> signal below <c>threshold</c>); a question asked once is
/// kept at the default (its agreement is ½).
/// </summary>
public sealed class AnswerAgreementFilter : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "answer_agreement_filter";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override bool IsSingleOperatorBaseline => true;

    /// <inheritdoc />
    public override string Description => "Drop samples whose answer disagrees with the other samples that ask the same question: keep those whose answer agreement ((agreeing others + ½) ÷ (others + 1)) is at least the threshold. A question asked once scores ½; the odd answer out among many scores near 0.";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("threshold", ParameterType.Float, "Keep samples whose answer agreement is at least this; ½ keeps every question asked once and every majority or tied answer.", 0.5, 0.0, 1.0),
    ];

    /// <inheritdoc />
    public override IEnumerable<string> RequiredSignals(OperatorArguments arguments) => ["answer_agreement"];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var scores = context.Signals.Scores("answer_agreement");
        var threshold = arguments.Float("threshold");
        var kept = input.Where(i => scores[i] >= threshold);
        context.Report("dropped", input.Count - kept.Count);
        return kept;
    }
}
