using System.Text.RegularExpressions;

namespace DataSearch.Agents;

/// <summary>
/// Quotes untrusted text (pool samples, task text, earlier replies) for a prompt as
/// <c>&lt;data&gt;…&lt;/data&gt;</c>, the markers every agent is told never to obey inside. Markers inside
/// the text are defused first, so the text cannot close its quote and speak as the prompt.
/// </summary>
public static partial class PromptData
{
    /// <summary><paramref name="text"/> between data markers, with any marker inside it made inert.</summary>
    public static string Quote(string? text) =>
        "<data>" + Marker().Replace(text ?? string.Empty, m => "‹" + m.Value[1..]) + "</data>";

    [GeneratedRegex(@"<\s*/?\s*data\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();
}
