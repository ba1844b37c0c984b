using System.Text.RegularExpressions;

namespace DataSearch.Checkers;

/// <summary>
/// Multiple choice (MMLU, GPQA, BBH's option tasks): the reference is a letter (<c>B</c> or <c>(B)</c>);
/// the reply's letter is the one after its answer marker, a reply that is only a letter (<c>B</c>,
/// <c>(B)</c>, <c>B.</c>, <c>B) text</c>), or else the last <c>(X)</c> it writes.
/// </summary>
public sealed partial class MultipleChoiceChecker : IAnswerChecker
{
    public string Name => "choice";

    public bool Check(string predicted, string expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        return Letter(expected) is { } reference && Chosen(predicted) == reference;
    }

    /// <summary>The option letter <paramref name="text"/> is (<c>B</c>, <c>(B)</c>), or null when it is not one.</summary>
    public static char? Letter(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Alone().Match(text.Trim());
        return match.Success ? match.Groups[1].Value[0] : null;
    }

    /// <summary>The letter a reply chooses, or null when it chooses none.</summary>
    public static char? Chosen(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var final = AnswerText.Final(reply);
        if (Leading().Match(final) is { Success: true } leading)
        {
            return leading.Groups[1].Value[0];
        }

        var bracketed = Bracketed().Matches(reply);
        return bracketed.Count > 0 ? bracketed[^1].Groups[1].Value[0] : null;
    }

    [GeneratedRegex(@"^\(?([A-Z])\)?$")]
    private static partial Regex Alone();

    [GeneratedRegex(@"^\(?([A-Z])(?:\)|\.|:|$)(?:\s|$)")]
    private static partial Regex Leading();

    [GeneratedRegex(@"\(([A-Z])\)")]
    private static partial Regex Bracketed();
}
