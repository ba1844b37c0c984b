namespace DataSearch.Checkers;

/// <summary>
/// GSM8K's rule: the reference's final answer is the number after <c>####</c> (or its last number); the
/// reply's is the first number after its answer marker, else the last number it writes. Right when the
/// two are equal as numbers (<c>18</c>, <c>18.00</c> and <c>$18</c> are one answer).
/// </summary>
public sealed class NumericAnswerChecker : IAnswerChecker
{
    public string Name => "numeric";

    public bool Check(string predicted, string expected)
    {
        var reference = Expected(expected);
        return reference is not null && Predicted(predicted) == reference;
    }

    /// <summary>The reference's number: its final answer's last number.</summary>
    public static decimal? Expected(string expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return AnswerText.Number(AnswerText.Final(expected), last: true);
    }

    private static decimal? Predicted(string predicted)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        return (AnswerText.Marked(predicted) is { } marked ? AnswerText.Number(marked) : null) ?? AnswerText.Number(predicted, last: true);
    }
}
