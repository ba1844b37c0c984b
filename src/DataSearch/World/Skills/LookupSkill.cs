using System.Text.RegularExpressions;
using DataSearch.Randomness;
namespace DataSearch.World.Skills;

/// <summary><c>capital of Veloria?</c> → <c>Tamsk</c>: facts about the encyclopedia's entities, which cannot be guessed.</summary>
public sealed partial class LookupSkill(string name, IReadOnlyList<Entity> entities) : Skill
{
    public override string Name { get; } = name;

    public IReadOnlyList<Entity> Entities { get; } = entities;

    public override SkillItem Generate(DeterministicRandom random, SkillSplit split)
    {
        var entity = random.Pick(Entities);
        return random.Chance(0.5)
            ? new SkillItem($"capital of {entity.Name}?", entity.Capital)
            : new SkillItem($"ruler of {entity.Name}?", entity.Ruler);
    }

    public override string Corrupt(DeterministicRandom random, SkillItem item)
    {
        var other = random.Pick(Entities);
        var wrong = item.Prompt.StartsWith("capital", StringComparison.Ordinal) ? other.Capital : other.Ruler;
        return wrong != item.Answer ? wrong : item.Answer + "a";
    }

    public override string? Solve(string prompt)
    {
        var match = Pattern().Match(prompt.Trim());
        if (!match.Success || Entities.FirstOrDefault(e => e.Name == match.Groups[2].Value) is not { } entity)
        {
            return null;
        }

        return match.Groups[1].Value == "capital" ? entity.Capital : entity.Ruler;
    }

    [GeneratedRegex(@"^(capital|ruler) of (\w+)\?$")]
    private static partial Regex Pattern();
}
