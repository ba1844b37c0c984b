using DataSearch.Randomness;

namespace DataSearch.World.Skills;

/// <summary><c>sort dacb</c> → <c>abcd</c>: 3–5 distinct letters in alphabetical order.</summary>
public sealed class SortSkill : Skill
{
    public override string Name => "sort";

    public override SkillItem Generate(DeterministicRandom random, SkillSplit split)
    {
        var letters = Words.DistinctLetters(random, random.Next(3, 6));
        return new SkillItem($"sort {letters}", new string([.. letters.Order()]));
    }

    public override string Corrupt(DeterministicRandom random, SkillItem item)
    {
        var letters = item.Answer.ToCharArray();
        var i = random.Next(letters.Length - 1);
        (letters[i], letters[i + 1]) = (letters[i + 1], letters[i]);
        return new string(letters);
    }

    public override string? Solve(string prompt)
    {
        var trimmed = prompt.Trim();
        return trimmed.StartsWith("sort ", StringComparison.Ordinal) && trimmed.Length > 5 && !trimmed[5..].Contains(' ', StringComparison.Ordinal)
            ? new string([.. trimmed[5..].Order()])
            : null;
    }
}
