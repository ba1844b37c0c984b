namespace DataSearch.Progress;

/// <summary>
/// A snapshot of long-running work, reported through <see cref="IProgress{T}"/>; the caller decides how
/// to show it (a bar in a terminal, plain lines in a log).
/// </summary>
/// <param name="Stage">What is being done, e.g. "import t0.jsonl".</param>
/// <param name="Done">Units finished so far.</param>
/// <param name="Total">Units in all, or null when unknown.</param>
/// <param name="Unit">What a unit is ("bytes", "samples").</param>
public readonly record struct ProgressReport(string Stage, long Done, long? Total, string Unit);
