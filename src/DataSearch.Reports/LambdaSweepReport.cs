using DataSearch.Acquisition;

namespace DataSearch.Reports;

/// <summary>
/// The report of a λ sweep folder (<c>sweep.json</c>): gain, cost and reward of the trained optimizer's
/// trajectories against the cost weight λ, and the table of runs. Each run's own section follows it.
/// </summary>
public static class LambdaSweepReport
{
    /// <summary>The section for the sweep <paramref name="points"/>.</summary>
    public static ReportSection Build(IReadOnlyList<LambdaPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var ordered = points.OrderBy(p => p.Lambda).ToList();
        var xs = ordered.Select(p => p.Lambda).ToList();
        var first = ordered[0];
        var last = ordered[^1];
        var summary = $"{ordered.Count} runs, λ from {Format.Number(first.Lambda)} to {Format.Number(last.Lambda)}: API cost {Format.Number(first.ApiCost, "0.0")} → "
            + $"{Format.Number(last.ApiCost, "0.0")}, score gain {Format.Score(first.Gain)} → {Format.Score(last.Gain)} points over the base policy.";
        return new ReportSection("lambda-sweep", "λ sweep: what the cost weight buys", summary,
        [
            new FigureBlock("lambda-sweep-figure", "Gain, cost and reward against λ",
                "Each point is one full acquisition run trained and rewarded with that λ; the trained optimizer's trajectories on the held-out test questions: "
                + "mean score gain over the base policy (points), total API cost (units) and mean reward per task (gain − λ·cost).",
                new Chart("λ (cost weight)", "points / cost units",
                [
                    new ChartSeries("gain", SeriesStyle.Line, xs, [.. ordered.Select(p => p.Gain)]),
                    new ChartSeries("API cost", SeriesStyle.Line, xs, [.. ordered.Select(p => p.ApiCost)]),
                    new ChartSeries("mean reward", SeriesStyle.Line, xs, [.. ordered.Select(p => p.MeanReward)]),
                ])),
            new TableBlock("lambda-sweep-table", "Runs by λ",
                ["λ", "avg score", "base", "gain", "API cost", "mean reward", "win"],
                [.. ordered.Select(p => (IReadOnlyList<string>)[
                    Format.Number(p.Lambda), Format.Score(p.AverageScore), Format.Score(p.AverageBaseScore), Format.Score(p.Gain),
                    Format.Number(p.ApiCost, "0.0"), Format.Score(p.MeanReward), Format.Percent(p.WinRate)])]),
        ]);
    }
}
