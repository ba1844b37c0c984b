using System.Text;
using System.Text.Json;

namespace DataSearch.Agents;

/// <summary>
/// Recovers a JSON object from a model's reply: code fences and prose around the object are dropped,
/// the first balanced <c>{…}</c> is taken (strings respected), and trailing commas before <c>}</c> or
/// <c>]</c> are removed. Anything still not valid JSON is rejected, never guessed at.
/// </summary>
public static class JsonRepair
{
    /// <summary>The parsed object, or null when none can be recovered.</summary>
    public static JsonDocument? TryParseObject(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var start = reply.IndexOf('{', StringComparison.Ordinal);
        while (start >= 0)
        {
            if (Balanced(reply, start) is { } end)
            {
                var candidate = WithoutTrailingCommas(reply[start..(end + 1)]);
                try
                {
                    return JsonDocument.Parse(candidate);
                }
                catch (JsonException)
                {
                    // Try the next opening brace: the first may belong to prose like "{like this}".
                }
            }

            start = reply.IndexOf('{', start + 1);
        }

        return null;
    }

    private static int? Balanced(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return null;
    }

    private static string WithoutTrailingCommas(string json)
    {
        var result = new StringBuilder(json.Length);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    result.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == ',')
            {
                var next = i + 1;
                while (next < json.Length && char.IsWhiteSpace(json[next]))
                {
                    next++;
                }

                if (next < json.Length && json[next] is '}' or ']')
                {
                    continue;
                }
            }

            inString = c == '"';
            result.Append(c);
        }

        return result.ToString();
    }
}
