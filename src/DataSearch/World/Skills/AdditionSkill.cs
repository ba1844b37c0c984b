using System.Globalization;

namespace DataSearch.World.Skills;

/// <summary><c>12+7</c> → <c>19</c>: sums of two numbers from 0 to 29.</summary>
public sealed class AdditionSkill : Skill
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
}
