namespace DataSearch.Checkers;

/// <summary>
/// For benchmarks whose items mix option letters and free answers (BIG-Bench Hard: <c>(A)</c> in
/// date understanding, <c>True</c> in boolean expressions): a letter reference is checked as
/// multiple choice, any other as an exact final answer.
/// </summary>
public sealed class MixedChoiceChecker : IAnswerChecker
{
    private static readonly MultipleChoiceChecker Choice = new();
    private static readonly ExactMatchChecker Exact = new();

    public string Name => "choice_or_exact";

    public bool Check(string predicted, string expected) =>
        MultipleChoiceChecker.Letter(expected) is not null ? Choice.Check(predicted, expected) : Exact.Check(predicted, expected);
}
