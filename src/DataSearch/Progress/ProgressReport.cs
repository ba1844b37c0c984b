namespace DataSearch.Progress;

/// <summary>
/// A snapshot of long-running work, reported through <see cref="IProgress{T}"/>; the caller decides how
/// to show it (a bar in a terminal, plain lines in a log).
/// </summary>
/// <param name="Stage">What is being done, e.g. "import t0.jsonl".</param>
/// <param name="Done">Units finished so far.</param>
/// <param name="Total">Units in all, or null when unknown.</param>
/// <param name="Unit">What a unit is ("bytes", "samples").</param>
/// <param name="Detail">A short status shown beside the count (e.g. "best 64.3"), or null.</param>
public readonly record struct ProgressReport(string Stage, long Done, long? Total, string Unit, string? Detail = null);
