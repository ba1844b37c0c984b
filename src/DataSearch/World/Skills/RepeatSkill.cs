using DataSearch.Randomness;

namespace DataSearch.World.Skills;

/// <summary><c>twice kalo</c> → <c>kalokalo</c>: a skill no benchmark asks for (off-target data).</summary>
public sealed class RepeatSkill : Skill
{
    public override string Name => "twice";

    public override bool Benchmarked => false;

    public override SkillItem Generate(DeterministicRandom random, SkillSplit split)
    {
        var word = Words.Word(random, 2, 5);
        return new SkillItem($"twice {word}", word + word);
    }

    public override string Corrupt(DeterministicRandom random, SkillItem item) => item.Answer[..(item.Answer.Length / 2)];

    public override string? Solve(string prompt)
    {
        var trimmed = prompt.Trim();
        return trimmed.StartsWith("twice ", StringComparison.Ordinal) && trimmed.Length > 6 && !trimmed[6..].Contains(' ', StringComparison.Ordinal)
            ? trimmed[6..] + trimmed[6..]
            : null;
    }
}
