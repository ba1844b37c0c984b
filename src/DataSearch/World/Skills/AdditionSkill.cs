using System.Globalization;
using System.Text.RegularExpressions;
using DataSearch.Randomness;

namespace DataSearch.World.Skills;

/// <summary><c>12+7</c> → <c>19</c>: sums of two numbers from 0 to 29.</summary>
public sealed partial class AdditionSkill : Skill
{
    public override string Name => "add";

    public override SkillItem Generate(DeterministicRandom random, SkillSplit split)
    {
        var a = random.Next(30);
        var b = random.Next(30);
        return new SkillItem($"{a}+{b}", (a + b).ToString(CultureInfo.InvariantCulture));
    }

    public override string Corrupt(DeterministicRandom random, SkillItem item)
    {
        var value = int.Parse(item.Answer, CultureInfo.InvariantCulture);
        var offset = random.Next(1, 4) * (random.Chance(0.5) ? 1 : -1);
        return Math.Max(0, value + offset == value ? value + 1 : value + offset).ToString(CultureInfo.InvariantCulture);
    }

    public override string? Solve(string prompt)
    {
        var match = Pattern().Match(prompt.Trim());
        return match.Success
            ? (long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) + long.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture)
            : null;
    }

    [GeneratedRegex(@"^(\d{1,9})\+(\d{1,9})$")]
    private static partial Regex Pattern();
}
