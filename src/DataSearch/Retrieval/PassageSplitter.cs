using System.Text;

namespace DataSearch.Retrieval;

/// <summary>
/// Cuts long documents into passages for retrieval: paragraphs are packed together up to about
/// <c>targetWords</c> words; a paragraph longer than that is cut at sentence ends (or, failing that, at
/// the word limit). Passages keep their document's title as a prefix so that they stand alone.
/// </summary>
public static class PassageSplitter
{
    /// <summary>The passages of one document.</summary>
    public static IEnumerable<string> Split(string title, string text, int targetWords = 100)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetWords, 10);
        var current = new StringBuilder();
        var words = 0;
        foreach (var paragraph in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var sentence in Sentences(paragraph))
            {
                var count = CountWords(sentence);
                if (words > 0 && words + count > targetWords)
                {
                    yield return Prefix(title, current.ToString());
                    current.Clear();
                    words = 0;
                }

                current.Append(current.Length > 0 ? " " : string.Empty).Append(sentence);
                words += count;
            }
        }

        if (words > 0)
        {
            yield return Prefix(title, current.ToString());
        }
    }

    private static string Prefix(string title, string passage) => string.IsNullOrWhiteSpace(title) ? passage : $"{title}: {passage}";

    private static IEnumerable<string> Sentences(string paragraph)
    {
        var start = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            if (paragraph[i] is '.' or '!' or '?' && (i + 1 == paragraph.Length || paragraph[i + 1] == ' '))
            {
                yield return paragraph[start..(i + 1)].Trim();
                start = i + 1;
            }
        }

        if (start < paragraph.Length && paragraph[start..].Trim() is { Length: > 0 } rest)
        {
            yield return rest;
        }
    }

    private static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = !char.IsWhiteSpace(c);
            count += letter && !inWord ? 1 : 0;
            inWord = letter;
        }

        return count;
    }
}
