namespace DataSearch.Checkers;

/// <summary>
/// Right when the reply's final answer (<see cref="AnswerText.Final"/>) equals the reference's, with
/// runs of white space collapsed; case counts.
/// </summary>
public sealed class ExactMatchChecker : IAnswerChecker
{
    public string Name => "exact";

    public bool Check(string predicted, string expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        return string.Equals(AnswerText.Collapse(AnswerText.Final(predicted)), AnswerText.Collapse(AnswerText.Final(expected)), StringComparison.Ordinal);
    }
}
