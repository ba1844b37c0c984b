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

    /// <summary>
    /// A 64-bit FNV-1a hash per word (the same words as <see cref="Split"/>), without allocating strings:
    /// the shingles of MinHash and the n-grams of decontamination are built from these.
    /// </summary>
    public static List<ulong> Hashes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hashes = new List<ulong>();
        var h = 0UL;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                h = ((inWord ? h : 0xCBF29CE484222325UL) ^ char.ToLowerInvariant(c)) * 0x100000001B3UL;
                inWord = true;
            }
            else if (inWord)
            {
                hashes.Add(h);
                inWord = false;
            }
        }

        if (inWord)
        {
            hashes.Add(h);
        }

        return hashes;
    }
}
