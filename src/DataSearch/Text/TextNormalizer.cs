using System.Text;

namespace DataSearch.Text;

/// <summary>Normalisation for exact-duplicate detection: lower case, runs of white space collapsed to one space, trimmed.</summary>
public static class TextNormalizer
{
    /// <summary>The normalised form of <paramref name="text"/>.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(char.ToLowerInvariant(c));
        }

        return result.ToString();
    }
}
