namespace DataSearch.Text;

/// <summary>
/// Word-level tokens for the text signals: maximal runs of letters or digits, lower-cased. Cheap,
/// language-agnostic enough for Latin scripts, and the same everywhere in the code base.
/// </summary>
public static class WordTokens
{
    /// <summary>The words of <paramref name="text"/>, lower-cased.</summary>
    public static List<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words;
    }
}
