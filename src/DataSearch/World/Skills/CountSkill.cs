using System.Globalization;
using System.Text.RegularExpressions;
using DataSearch.Randomness;

namespace DataSearch.World.Skills;

/// <summary><c>count a in banana</c> → <c>3</c>: occurrences of a letter in a word from a small alphabet.</summary>
public sealed partial class CountSkill : Skill
{
    private const string Alphabet = "abcde";

    public override string Name => "count";

    public override SkillItem Generate(DeterministicRandom random, SkillSplit split)
    {
        var length = random.Next(4, 8);
        var word = new string([.. Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
        var letter = Alphabet[random.Next(Alphabet.Length)];
        var count = word.Count(c => c == letter);
        return new SkillItem($"count {letter} in {word}", count.ToString(CultureInfo.InvariantCulture));
    }

    public override string Corrupt(DeterministicRandom random, SkillItem item)
    {
        var value = int.Parse(item.Answer, CultureInfo.InvariantCulture);
        return (value == 0 || random.Chance(0.5) ? value + 1 : value - 1).ToString(CultureInfo.InvariantCulture);
    }

    public override string? Solve(string prompt)
    {
        var match = Pattern().Match(prompt.Trim());
        return match.Success
            ? match.Groups[2].Value.Count(c => c == match.Groups[1].Value[0]).ToString(CultureInfo.InvariantCulture)
            : null;
    }

    [GeneratedRegex(@"^count (\w) in (\w+)$")]
    private static partial Regex Pattern();
}
