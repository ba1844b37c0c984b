using DataSearch.Randomness;

namespace DataSearch.World.Skills;

/// <summary><c>rev lante</c> → <c>etnal</c>; words of 3–5 letters, 8–10 out of distribution.</summary>
public sealed class ReverseSkill : Skill
{
    public override string Name => "reverse";

    public override bool HasOutOfDistributionSplit => true;

    public override SkillItem Generate(DeterministicRandom random, SkillSplit split)
    {
        var word = split == SkillSplit.InDistribution ? Words.Word(random, 3, 5) : Words.Word(random, 8, 10);
        return new SkillItem($"rev {word}", new string([.. word.Reverse()]));
    }

    public override string Corrupt(DeterministicRandom random, SkillItem item)
    {
        var letters = item.Answer.ToCharArray();
        var i = random.Next(letters.Length - 1);
        (letters[i], letters[i + 1]) = (letters[i + 1], letters[i]);
        var swapped = new string(letters);
        return swapped != item.Answer ? swapped : item.Answer[1..] + item.Answer[0];
    }

    public override string? Solve(string prompt)
    {
        var trimmed = prompt.Trim();
        return trimmed.StartsWith("rev ", StringComparison.Ordinal) && trimmed.Length > 4 && !trimmed[4..].Contains(' ', StringComparison.Ordinal)
            ? new string([.. trimmed[4..].Reverse()])
            : null;
    }
}
