namespace DataSearch.World;

/// <summary>What, if anything, is wrong with a sample of the world's pool.</summary>
public enum Pathology
{
    Clean,
    WrongAnswer,
    Truncated,
    Bloated,
    OffTargetChatter,
    OffSkill,
    ExactDuplicate,
    NearDuplicate,
}

/// <summary>
/// The hidden truth about one pool sample, written apart from the pool (<c>ground_truth.jsonl</c>) so that
/// search can be scored against it but never read it.
/// </summary>
/// <param name="SampleId">The sample.</param>
/// <param name="Source">Its source.</param>
/// <param name="Skill">The skill it really exercises ("chatter" for small talk).</param>
/// <param name="Pathology">Its primary defect.</param>
/// <param name="MislabelledTag">Whether its tag names another skill.</param>
public sealed record GroundTruth(string SampleId, string Source, string Skill, Pathology Pathology, bool MislabelledTag)
{
    /// <summary>Correct, on-target and not a copy: what the oracle subset holds.</summary>
    public bool InOracle => Pathology == Pathology.Clean && !MislabelledTag;
}
