using System.Globalization;
using System.Text.RegularExpressions;

namespace DataSearch.Checkers;

/// <summary>
/// Pulls the final answer out of a model's reply, as benchmark harnesses do: the text after the last
/// <c>####</c> (GSM8K's marker) or after the last "the answer is", else the whole reply.
/// </summary>
public static partial class AnswerText
{
    /// <summary>The part of <paramref name="reply"/> that states the final answer, trimmed, without a closing full stop.</summary>
    public static string Final(string reply) => Clean(Marked(reply) ?? reply);

    /// <summary>The text after the reply's last answer marker (<c>####</c>, else "the answer is"), or null when it has none.</summary>
    public static string? Marked(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var marker = reply.LastIndexOf("####", StringComparison.Ordinal);
        if (marker >= 0)
        {
            return Clean(reply[(marker + 4)..]);
        }

        var said = AnswerIs().Matches(reply);
        return said.Count > 0 ? Clean(reply[(said[^1].Index + said[^1].Length)..]) : null;
    }

    /// <summary>Runs of white space collapsed to one space, trimmed.</summary>
    public static string Collapse(string text) => Spaces().Replace(text, " ").Trim();

    /// <summary>The first number in <paramref name="text"/> (<paramref name="last"/>: the last), as a decimal; thousands separators and currency signs ignored.</summary>
    public static decimal? Number(string text, bool last = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = Numbers().Matches(text);
        if (matches.Count == 0)
        {
            return null;
        }

        var digits = (last ? matches[^1] : matches[0]).Value.Replace(",", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(digits, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string Clean(string text) => text.Trim().TrimEnd('.').Trim();

    [GeneratedRegex(@"(?:the )?(?:final )?answer is:?|answer:", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerIs();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+")]
    private static partial Regex Numbers();
}
