namespace DataSearch.Search;

/// <summary>
/// The three views of one zoo's results that <c>compare --worlds</c> and <c>compare merge</c> report:
/// as found, rescored (null when some world's oracle was not rescored), and rescored against the mean of
/// the oracle's two trainings (<see cref="ZooSummary.OfRescoredAgainstBothOracleTrainings"/>).
/// </summary>
public sealed record ZooSummaries(ZooSummary Found, ZooSummary? Rescored, ZooSummary? AgainstBothOracleTrainings)
{
    /// <summary>All three views of <paramref name="worlds"/>.</summary>
    public static ZooSummaries Of(IReadOnlyList<(string World, IReadOnlyList<MethodResult> Results)> worlds) =>
        new(ZooSummary.Of(worlds), ZooSummary.OfRescored(worlds), ZooSummary.OfRescoredAgainstBothOracleTrainings(worlds));
}
