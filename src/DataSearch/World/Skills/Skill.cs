using DataSearch.Randomness;

namespace DataSearch.World.Skills;

/// <summary>One question with its exact answer.</summary>
public readonly record struct SkillItem(string Prompt, string Answer);

/// <summary>Whether an item is drawn from the training distribution or from a harder, held-out one.</summary>
public enum SkillSplit
{
    InDistribution,
    OutOfDistribution,
}

/// <summary>
/// A task of the built-in world with an exact checker: it draws questions, makes plausible wrong answers
/// (for the pool's corrupted samples) and decides whether a model's answer is right.
/// </summary>
public abstract class Skill
{
    /// <summary>The skill's stable name, used in tags, ground truth and benchmark names.</summary>
    public abstract string Name { get; }

    /// <summary>Whether a benchmark asks for this skill; skills that none does are off-target data.</summary>
    public virtual bool Benchmarked => true;

    /// <summary>Whether the skill has a harder out-of-distribution split.</summary>
    public virtual bool HasOutOfDistributionSplit => false;

    /// <summary>Draws one question of <paramref name="split"/>.</summary>
    public abstract SkillItem Generate(DeterministicRandom random, SkillSplit split);

    /// <summary>A wrong answer that looks like a right one.</summary>
    public abstract string Corrupt(DeterministicRandom random, SkillItem item);

    /// <summary>
    /// The right answer to a question in this skill's format, or null when <paramref name="prompt"/> is
    /// not one: what the world's teacher answers with.
    /// </summary>
    public abstract string? Solve(string prompt);

    /// <summary>Whether <paramref name="predicted"/> answers the item: exact match after trimming white space.</summary>
    public virtual bool Check(string predicted, string expected) =>
        string.Equals(predicted.Trim(), expected.Trim(), StringComparison.Ordinal);
}
