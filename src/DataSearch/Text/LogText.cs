using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DataSearch.Text;

/// <summary>
/// Makes text from agents and pools safe to put into a line-oriented log: one message is always one
/// line, so a reply that holds newlines cannot write lines that look like the engine's own.
/// </summary>
public static class LogText
{
    /// <summary>
    /// <paramref name="text"/> with every line break and other control or format character written as an
    /// escape (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\u2028</c>, …); text without any is returned as it is.
    /// </summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var clean = true;
        foreach (var c in text)
        {
            if (NeedsEscape(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                default:
                    if (NeedsEscape(c))
                    {
                        builder.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Outside text as a quoted JSON string on one line: what it says can never pass for the engine's words.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text ?? throw new ArgumentNullException(nameof(text)));

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
