namespace DataSearch.Acquisition;

/// <summary>How often one score beat, tied or lost to another over a set of tasks (the ADS win/tie/loss figures).</summary>
public readonly record struct OutcomeRates(double Win, double Tie, double Loss)
{
    /// <summary>"win", "tie" or "loss" of <paramref name="score"/> against <paramref name="against"/>.</summary>
    public static string Outcome(double score, double against) => score > against ? "win" : score < against ? "loss" : "tie";

    /// <summary>The share of each outcome among <paramref name="outcomes"/> (all zero when there are none).</summary>
    public static OutcomeRates Of(IReadOnlyCollection<string> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var n = (double)Math.Max(1, outcomes.Count);
        return new OutcomeRates(outcomes.Count(o => o == "win") / n, outcomes.Count(o => o == "tie") / n, outcomes.Count(o => o == "loss") / n);
    }
}
