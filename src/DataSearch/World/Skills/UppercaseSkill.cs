using DataSearch.Randomness;

namespace DataSearch.World.Skills;

/// <summary><c>up kalo</c> → <c>KALO</c>: a skill no benchmark asks for (off-target data).</summary>
public sealed class UppercaseSkill : Skill
{
    public override string Name => "upper";

    public override bool Benchmarked => false;

    public override SkillItem Generate(DeterministicRandom random, SkillSplit split)
    {
        var word = Words.Word(random, 3, 6);
        return new SkillItem($"up {word}", word.ToUpperInvariant());
    }

    public override string Corrupt(DeterministicRandom random, SkillItem item) => item.Answer.ToLowerInvariant();

    public override string? Solve(string prompt)
    {
        var trimmed = prompt.Trim();
        return trimmed.StartsWith("up ", StringComparison.Ordinal) && trimmed.Length > 3 && !trimmed[3..].Contains(' ', StringComparison.Ordinal)
            ? trimmed[3..].ToUpperInvariant()
            : null;
    }
}
