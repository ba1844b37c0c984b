using DataSearch.Reports;

namespace DataSearch.Tests.Reports;

public class DemoSummaryTests
{
    [Fact]
    public void Stages_are_matched_by_id_whatever_their_title_and_legacy_ones_by_title()
    {
        var summary = new DemoSummary("quick", "quick", 1, []);
        var search = new DemoStage("recipe search (4 evaluations) against 2 baselines", 12.5, "best 60.0") { Id = DemoStageId.Search };
        summary = summary.With(search);

        // The same stage under another title (a profile with another budget): replaced, its first time kept.
        var again = new DemoStage("recipe search (8 evaluations) against 2 baselines", 30, "best 62.0") { Id = DemoStageId.Search };
        var updated = summary.With(again);
        var only = Assert.Single(updated.Stages);
        Assert.Equal(("best 62.0", 12.5), (only.Outcome, only.Seconds));

        // demo.json from before ids: matched by title.
        var legacy = new DemoSummary("quick", "quick", 1, [new DemoStage("write the report", 1, "report.html")]);
        var report = legacy.With(new DemoStage("write the report", 2, "report.html again") { Id = DemoStageId.Report });
        Assert.Equal("report.html again", Assert.Single(report.Stages).Outcome);
        Assert.Equal(2, legacy.With(again).Stages.Count);
    }
}
