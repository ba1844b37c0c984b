using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Progress;
using DataSearch.Recipes;
using DataSearch.Search;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Search;

public class MultiFidelitySearchTests
{
    private static SearchConfig Config(int budget, int screeningBudget) =>
        SearchControllerTests.Config(budget) with { Screening = new ScreeningSettings { Shortlist = 3, MaxEvaluations = screeningBudget } };

    /// <summary>Runs a search on the small world screened by <paramref name="cheap"/>; its outcome and the screening log.</summary>
    private static (SearchOutcome Outcome, IReadOnlyList<ScreeningRecord> Screened) Search(RecipeContext context, SearchSpace space, IEvaluator full, SizeEvaluator cheap, string folder, int budget, int screeningBudget, Action<string>? log = null)
    {
        var outcome = new SearchController(Config(budget, screeningBudget), context, space, full, folder, log ?? (_ => { }), screening: cheap).Run();
        return (outcome, JsonLinesFile<ScreeningRecord>.Open(new SearchRunFolder(folder).ScreeningLog).Records);
    }

    /// <summary>A cheap evaluator that scores a subset by its size (so its choice differs from the surrogate's) and counts its calls.</summary>
    private sealed class SizeEvaluator : IEvaluator
    {
        public int Calls { get; private set; }

        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return new EvaluationResult([new BenchmarkScore("size", BenchmarkKind.InDistribution, request.Subset.Count, 0, 0)], request.Subset.Count, new EvaluationCost(0, 0, 0, 0, 0), []);
        }
    }

    [Fact]
    public void The_cheap_evaluator_picks_from_each_rounds_shortlist_within_its_own_budget()
    {
        var (world, context, space) = TestSearch.SmallWorld();
        using var run = new TempFolder();
        var full = new GroundTruthEvaluator(world);
        var cheap = new SizeEvaluator();

        var (outcome, screened) = Search(context, space, full, cheap, run.Path, budget: 12, screeningBudget: 4);

        Assert.Equal(12, outcome.Records.Count(r => r.Objective is not null));
        Assert.Equal(12, full.Calls);
        Assert.Equal(cheap.Calls, screened.Count);
        Assert.Equal(4, screened.Count);
        Assert.Equal(screened.Count, screened.Select(s => s.SubsetHash).Distinct().Count());

        // The warm-up probes are scored by both evaluators while the cheap budget lasts.
        var warmups = outcome.Records.Where(r => r.Round == 0 && r.Objective is not null).ToList();
        Assert.All(warmups.Take(4), r => Assert.Equal(r.SubsetSamples, r.Screened));
        Assert.All(warmups.Skip(4), r => Assert.Null(r.Screened));

        // A longer run in the same folder continues: nothing is screened twice, the spent budget holds.
        var more = new SizeEvaluator();
        var (_, after) = Search(context, space, full, more, run.Path, budget: 14, screeningBudget: 4);
        Assert.Equal(screened.Count + more.Calls, after.Count);
        Assert.Equal(after.Count, after.Select(s => s.SubsetHash).Distinct().Count());
    }

    [Fact]
    public void Screened_rounds_read_the_cheap_scores_through_the_line_from_cheap_to_full()
    {
        var (world, context, space) = TestSearch.SmallWorld();
        using var run = new TempFolder();
        var cheap = new SizeEvaluator();
        var log = new List<string>();

        var (outcome, screened) = Search(context, space, new GroundTruthEvaluator(world), cheap, run.Path, budget: 12, screeningBudget: 60, log.Add);

        Assert.Equal(cheap.Calls, screened.Count);
        Assert.All(outcome.Records.Where(r => r.Objective is not null), r => Assert.Equal(r.SubsetSamples, r.Screened));

        // Every trained candidate of a round was one of those screened in it; once three subsets have both
        // scores and the surrogate ranks, the line is fitted over exactly the subsets scored by both so far.
        foreach (var record in outcome.Records.Where(r => r.Round > 0 && r.Objective is not null))
        {
            Assert.Contains(screened, s => s.Round == record.Round && s.SubsetHash == record.SubsetHash);
        }

        var lines = log.Where(l => l.Contains("cheap → full line over", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var round = int.Parse(line.Split(' ')[1].TrimEnd(':'), System.Globalization.CultureInfo.InvariantCulture);
            var pairs = outcome.Records.Count(r => r.Round < round && r.Objective is not null && r.Screened is not null);
            Assert.Contains($"line over {pairs} subsets", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Screening_settings_are_checked_with_their_keys()
    {
        var problems = new ScreeningSettings { Shortlist = 1, MaxEvaluations = 0, Model = "huge", Evaluator = new EvaluatorSettings { Kind = "proxyy" } }.Problems().ToList();
        Assert.Contains(problems, p => p.StartsWith("screening.shortlist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("screening.max_evaluations", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("screening.model", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("screening.evaluator.kind", StringComparison.Ordinal));
        Assert.Empty(new ScreeningSettings().Problems());
    }
}
