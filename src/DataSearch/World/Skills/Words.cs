using DataSearch.Randomness;

namespace DataSearch.World.Skills;

/// <summary>Pronounceable made-up words and names, so that nothing in the world can be known beforehand.</summary>
public static class Words
{
    private static readonly string[] Onsets = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "kr", "st", "tr"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u"];

    /// <summary>A lower-case word of <paramref name="minLetters"/> to <paramref name="maxLetters"/> letters.</summary>
    public static string Word(DeterministicRandom random, int minLetters, int maxLetters)
    {
        var length = random.Next(minLetters, maxLetters + 1);
        var letters = new System.Text.StringBuilder(length + 2);
        while (letters.Length < length)
        {
            letters.Append(random.Pick(Onsets)).Append(random.Pick(Vowels));
        }

        return letters.ToString(0, length);
    }

    /// <summary>A capitalised name of two or three syllables.</summary>
    public static string Name(DeterministicRandom random)
    {
        var word = Word(random, 4, 7);
        return char.ToUpperInvariant(word[0]) + word[1..];
    }

    /// <summary>A string of <paramref name="count"/> distinct letters from a–z.</summary>
    public static string DistinctLetters(DeterministicRandom random, int count)
    {
        var letters = "abcdefghijklmnopqrstuvwxyz".ToCharArray().ToList();
        random.Shuffle(letters);
        return new string([.. letters.Take(count)]);
    }
}
