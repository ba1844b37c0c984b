using System.Text;
using System.Text.RegularExpressions;

namespace DataSearch.Checkers;

/// <summary>
/// MATH-style answers: the reply's answer is its last <c>\boxed{…}</c>, else its final answer; both sides
/// are normalised (dollar signs, spaces, <c>\left</c>/<c>\right</c>, <c>\dfrac</c>→<c>\frac</c>,
/// <c>\text{…}</c>, degree marks, a closing full stop) and compared as text, or as numbers when both are.
/// A deliberately simple rule: equivalent forms it does not normalise (<c>0.5</c> vs <c>\frac12</c>) count as wrong.
/// </summary>
public sealed partial class MathAnswerChecker : IAnswerChecker
{
    public string Name => "math";

    public bool Check(string predicted, string expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        var reply = Normalise(Boxed(predicted) ?? AnswerText.Final(predicted));
        var reference = Normalise(Boxed(expected) ?? expected);
        if (reply.Length == 0)
        {
            return false;
        }

        return string.Equals(reply, reference, StringComparison.Ordinal)
            || (IsNumber(reply) && IsNumber(reference) && AnswerText.Number(reply) == AnswerText.Number(reference));
    }

    /// <summary>The content of the last <c>\boxed{…}</c> (braces balanced), or null.</summary>
    public static string? Boxed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.LastIndexOf(@"\boxed{", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var depth = 0;
        var content = new StringBuilder();
        for (var i = start + 6; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return content.ToString(1, content.Length - 1);
            }

            content.Append(text[i]);
        }

        return null;
    }

    /// <summary>The comparable form of a math answer.</summary>
    public static string Normalise(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var text = Text().Replace(answer, "$1");
        foreach (var (from, to) in Replacements)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        text = Spaces().Replace(text, string.Empty).TrimEnd('.');
        return text;
    }

    private static bool IsNumber(string text) => Number().IsMatch(text);

    private static readonly (string From, string To)[] Replacements =
    [
        ("\\left", string.Empty), ("\\right", string.Empty), ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"),
        ("^\\circ", string.Empty), ("^{\\circ}", string.Empty), ("\\!", string.Empty), ("\\,", string.Empty),
        ("\\;", string.Empty), ("\\%", string.Empty), ("%", string.Empty), ("$", string.Empty),
    ];

    [GeneratedRegex(@"\\(?:text|textbf|mathrm|mbox)\{([^{}]*)\}")]
    private static partial Regex Text();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")]
    private static partial Regex Number();
}
