using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataSearch.Acquisition;
using DataSearch.Errors;
using DataSearch.Models.Acquisition;
using DataSearch.Reports;
using DataSearch.Search;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Reports;

public class RunReportTests
{
    /// <summary>A two-seed comparison on a small world, scored by the world's ground truth (no training).</summary>
    private static void Compare(string folder, IReadOnlyCollection<string>? baselines = null)
    {
        var (world, context, space) = TestSearch.SmallWorld();
        var config = new SearchConfig { World = "unused", MaxEvaluations = 7, NLhsSeeds = 3, CandidatesPerRound = 30, MinSubsetSamples = 50, MinSubsetFraction = 0 };
        new Comparison(config, context, space, new GroundTruthEvaluator(world), folder, _ => { }) { Baselines = baselines }.Run([1, 2], world.Subsets["oracle"]);
    }

    private static IEnumerable<FigureBlock> Figures(ReportDocument document) => document.Sections.SelectMany(s => s.Blocks).OfType<FigureBlock>();

    [Fact]
    public void A_comparison_report_draws_each_figure_from_the_run_files()
    {
        using var run = new TempFolder();
        Compare(run.Path);
        var document = RunReport.Build(run.Path);
        Assert.Equal(["compare", "search"], document.Sections.Select(s => s.Id));

        var records = SearchReport.Records(Path.Combine(run.Path, "search-seed1")).Where(r => r.Objective is not null).ToList();
        var figures = Figures(document).ToDictionary(f => f.Id);
        var bestSoFar = figures["search-best-so-far"].Chart.Series.Single(s => s.Name == "best so far").Y;
        Assert.Equal(records.Count, bestSoFar.Count);
        Assert.Equal(records.Max(r => r.Objective!.Value), bestSoFar[^1]);
        Assert.True(bestSoFar.Zip(bestSoFar.Skip(1)).All(p => p.First <= p.Second), "best so far never falls");

        // Every edited record is an edge from its parent's point to its own.
        var edges = figures["search-tree"].Chart.Series.Single(s => s.Style == SeriesStyle.Segments);
        Assert.Equal(2 * records.Count(r => r.Parent is not null && records.Any(p => p.Id == r.Parent)), edges.X.Count);

        // The comparison's curves: the search's band spans its two seeds; the oracle is flat at its mean.
        var compared = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Path, "compare.json"))).RootElement.GetProperty("methods").EnumerateArray()
            .ToDictionary(m => m.GetProperty("method").GetString()!);
        var curves = figures["compare-curves"].Chart.Series.ToDictionary(s => s.Name);
        var seedFinals = compared["search"].GetProperty("per_seed").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(seedFinals.Min(), curves["search"].Low![^1], 6);
        Assert.Equal(seedFinals.Max(), curves["search"].High![^1], 6);
        Assert.All(curves["oracle"].Y, y => Assert.Equal(compared["oracle"].GetProperty("mean").GetDouble(), y, 6));

        // Per-benchmark bars come from the benchmarks the comparison kept for each method.
        var bars = figures["compare-benchmarks"].Chart;
        Assert.Equal(["clean"], bars.Categories);
        Assert.Equal(compared["full_pool"].GetProperty("benchmarks").GetProperty("clean").GetDouble(), bars.Series.Single(s => s.Name == "full_pool").Y[0], 3);

        // The best recipe's trace was written by the search: its first step starts from the whole pool.
        var best = SearchHistory.Best(SearchReport.Records(Path.Combine(run.Path, "search-seed1")))!;
        var trace = document.Sections[1].Blocks.OfType<TableBlock>().Single(t => t.Id == "search-trace");
        Assert.Equal(RecipeStepCount(best.Recipe), trace.Rows.Count);
        Assert.Contains(best.Id, trace.Title);
    }

    private static int RecipeStepCount(JsonElement recipe) => recipe.GetProperty("steps").GetArrayLength();

    [Fact]
    public void Baselines_can_be_chosen_and_the_cache_keeps_per_benchmark_scores()
    {
        using var run = new TempFolder();
        Compare(run.Path, ["full_pool", "oracle"]);
        var methods = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Path, "compare.json"))).RootElement.GetProperty("methods").EnumerateArray()
            .Select(m => m.GetProperty("method").GetString()).ToList();
        Assert.Equal(["search", "full_pool", "oracle"], methods);
        Assert.All(File.ReadAllLines(Path.Combine(run.Path, "evaluations.jsonl")), line =>
        {
            var score = JsonDocument.Parse(line).RootElement.GetProperty("benchmarks")[0];
            Assert.Equal("clean", score.GetProperty("benchmark").GetString());
            Assert.Equal("in_distribution", score.GetProperty("kind").GetString());
        });
    }

    [Fact]
    public void The_cache_still_reads_lines_written_in_the_earlier_pascal_case_spelling()
    {
        using var run = new TempFolder();
        Compare(run.Path, ["full_pool", "oracle"]);
        var cache = Path.Combine(run.Path, "evaluations.jsonl");
        var lines = File.ReadAllLines(cache);
        var compare = File.ReadAllText(Path.Combine(run.Path, "compare.json"));
        File.WriteAllLines(cache, lines.Select(PascalCaseScores));
        Assert.Contains("\"Kind\":\"InDistribution\"", File.ReadAllText(cache));

        Compare(run.Path, ["full_pool", "oracle"]);
        Assert.Equal(lines.Length, File.ReadAllLines(cache).Length); // every evaluation came from the old lines
        Assert.Equal(compare, File.ReadAllText(Path.Combine(run.Path, "compare.json"))); // per-benchmark scores included
    }

    /// <summary>A cache line as versions before 2026-12-04 wrote it: score fields and kinds in PascalCase.</summary>
    private static string PascalCaseScores(string line)
    {
        var evaluation = JsonNode.Parse(line)!.AsObject();
        var scores = new JsonArray();
        foreach (var score in evaluation["benchmarks"]!.AsArray())
        {
            scores.Add(new JsonObject
            {
                ["Benchmark"] = score!["benchmark"]!.GetValue<string>(),
                ["Kind"] = score["kind"]!.GetValue<string>() == "in_distribution" ? "InDistribution" : throw new InvalidOperationException("unexpected kind"),
                ["Score"] = score["score"]!.GetValue<double>(),
                ["Correct"] = score["correct"]!.GetValue<int>(),
                ["Items"] = score["items"]!.GetValue<int>(),
            });
        }

        evaluation["benchmarks"] = scores;
        return evaluation.ToJsonString();
    }

    [Fact]
    public void The_page_is_self_contained_and_escapes_text_from_the_run()
    {
        using var run = new TempFolder();
        Compare(Path.Combine(run.Path, "cmp"));
        WriteAcquisition(Path.Combine(run.Path, "ads"), instruction: "<script>alert('pool text')</script> & more");
        var html = Path.Combine(run.Path, "out", "page.html");
        Directory.CreateDirectory(Path.GetDirectoryName(html)!);
        var document = RunReport.Write(run.Path, html);
        var page = File.ReadAllText(html);

        Assert.DoesNotContain("<script>alert", page);
        Assert.Contains("&lt;script&gt;alert(&#39;pool text&#39;)&lt;/script&gt; &amp; more", page);
        Assert.Single(Regex.Matches(page, "<script>")); // only the page's own table sorter
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(https?:)?//", page);
        Assert.DoesNotContain("<link", page);
        Assert.DoesNotContain("<img", page);
        Assert.Equal(Figures(document).Count(f => !f.Chart.IsEmpty), Regex.Matches(page, "<svg").Count);
        foreach (var section in document.Sections)
        {
            Assert.Contains($"<section id=\"{section.Id}\">", page);
            Assert.Contains($"href=\"#{section.Id}\"", page);
        }

        // The JSON beside it holds the same sections and the figures' data.
        var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(html, ".json"))).RootElement;
        Assert.Equal(document.Sections.Select(s => s.Id), json.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Contains(json.GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("blocks").EnumerateArray()),
            b => b.GetProperty("type").GetString() == "figure" && b.GetProperty("chart").GetProperty("series").GetArrayLength() > 0);
    }

    [Fact]
    public void The_acquisition_report_counts_the_api_calls_each_task_type_chose()
    {
        using var run = new TempFolder();
        WriteAcquisition(run.Path, "Reverse the word.");
        var document = RunReport.Build(run.Path);
        var section = Assert.Single(document.Sections);
        Assert.Equal("acquire", section.Id);
        var mix = section.Blocks.OfType<FigureBlock>().Single(f => f.Id == "acquire-api-mix").Chart;
        Assert.Equal(["lookup", "reverse"], mix.Categories);
        double Calls(string api, string category) => mix.Series.Single(s => s.Name == api).Y[mix.Categories!.ToList().IndexOf(category)];
        Assert.Equal(2, Calls("retrieve", "lookup"));
        Assert.Equal(0, Calls("demonstrate", "lookup"));
        Assert.Equal(1, Calls("demonstrate", "reverse"));
        Assert.Equal(1, Calls("answer", "reverse"));

        var scatter = section.Blocks.OfType<FigureBlock>().Single(f => f.Id == "acquire-cost-gain").Chart;
        Assert.Equal(3, scatter.Series.Sum(s => s.X.Count));
        Assert.Equal([4.5], scatter.Series.Single(s => s.Name == "lookup").X);
        var iterations = section.Blocks.OfType<FigureBlock>().Single(f => f.Id == "acquire-iterations").Chart;
        Assert.Equal([1.0, 2.0], iterations.Series.Single(s => s.Name == "reward").X);
    }

    [Fact]
    public void The_acquisition_report_counts_what_was_paid_apart_from_calls_re_run_from_the_cache()
    {
        using var run = new TempFolder();
        WriteAcquisition(run.Path, "Reverse the word.");

        // Two paid calls, then a resume re-ran both from the cache.
        var ledger = new CostLedger(new AcquisitionRunFolder(run.Path).CostLedger);
        foreach (var cached in new[] { false, true })
        {
            ledger.Record(new LedgerEntry(1, "train", "skill-reverse", 0, 0, "demonstrate", "demonstrate(\"reverse\", 32)", 1.6, 100, 0.1, cached, 32, null));
            ledger.Record(new LedgerEntry(1, "train", "knowledge-0", 0, 0, "retrieve", "retrieve(\"Kriz\", 1)", 1.5, 50, 0.1, cached, 1, null));
        }

        var lines = File.ReadAllLines(new AcquisitionRunFolder(run.Path).CostLedger).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1.6, 1.5, 0, 0], lines.Select(l => l.GetProperty("paid_cost").GetDouble()));
        var section = Assert.Single(RunReport.Build(run.Path).Sections);
        var table = section.Blocks.OfType<TableBlock>().Single(t => t.Id == "acquire-spend");
        Assert.Equal(["2", "3.1"], table.Rows[0].Skip(1));
        Assert.Equal(["2", "3.1"], table.Rows[1].Skip(1));
        Assert.Equal(["4", "6.2"], table.Rows[2].Skip(1));
    }

    [Fact]
    public void The_acquisition_report_shows_the_shared_policy_its_updates_and_its_test_scores()
    {
        using var run = new TempFolder();
        WriteAcquisition(run.Path, "Reverse the word.");
        var section = Assert.Single(RunReport.Build(run.Path).Sections);
        var iterations = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Path, "results", "training_metrics.json"))).RootElement.EnumerateArray().ToList();
        var tasks = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Path, "results", "evaluation_results.json"))).RootElement.GetProperty("task_results").EnumerateArray().ToList();

        var better = tasks.Count(t => t.GetProperty("final_policy_score").GetDouble() > t.GetProperty("base_score").GetDouble());
        Assert.Contains($"all {iterations.Count} iterations beat the base policy on {better} of {tasks.Count} test sets", section.Summary);
        var table = section.Blocks.OfType<TableBlock>().Single(t => t.Id == "acquire-policy");
        Assert.Equal(iterations.Count, table.Rows.Count);
        foreach (var (row, iteration) in table.Rows.Zip(iterations))
        {
            Assert.Equal(iteration.GetProperty("policy_update_accepted").GetBoolean() ? "yes" : "no", row[table.Columns.ToList().IndexOf("kept")]);
            Assert.Equal(iteration.GetProperty("policy_update_replayed").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), row[table.Columns.ToList().IndexOf("replayed")]);
        }

        var outcomes = section.Blocks.OfType<FigureBlock>().Single(f => f.Id == "acquire-outcomes").Chart;
        Assert.Equal(tasks.Select(t => t.GetProperty("final_policy_score").GetDouble()), outcomes.Series.Single(s => s.Name == "final policy").Y);
    }

    [Fact]
    public void The_acquisition_report_sets_in_context_use_beside_fine_tuning_when_it_was_measured()
    {
        using var run = new TempFolder();
        WriteAcquisition(run.Path, "Reverse the word.");
        Assert.DoesNotContain(Assert.Single(RunReport.Build(run.Path).Sections).Blocks, b => b.Id == "acquire-in-context");

        InContextTaskResult Task(string id, double bare, double read, double fineTuned) => new()
        {
            TaskId = id,
            Category = id,
            NoContextScore = bare,
            InContextScore = read,
            FineTunedScore = fineTuned,
            BaseScore = 10,
            AcquiredSamples = 5,
            MeanExamplesShown = 3.5,
        };
        var tasks = new List<InContextTaskResult> { Task("knowledge-0", 0, 80, 60), Task("skill-reverse", 20, 10, 30) };
        var settings = new InContextSettings();
        AcquisitionLoop.WriteJson(Path.Combine(run.Path, "results", "in_context_results.json"), new InContextResults { Metrics = InContextMetrics.Of(tasks, settings, 1), TaskResults = tasks });
        var section = Assert.Single(RunReport.Build(run.Path).Sections);
        var table = section.Blocks.OfType<TableBlock>().Single(t => t.Id == "acquire-in-context");
        Assert.Equal(["win", "loss"], table.Rows.Select(r => r[table.Columns.ToList().IndexOf("outcome")]));
        Assert.Equal(["80.0", "10.0"], table.Rows.Select(r => r[table.Columns.ToList().IndexOf("reader, in context")]));
        Assert.Contains("moved a reader from 10.0 to 45.0 (gain +35.0, win 50 %); fine-tuning on it gained +35.0", section.Summary);
    }

    [Fact]
    public void Folders_without_results_and_damaged_results_fail_with_the_file_named()
    {
        using var run = new TempFolder();
        var empty = Assert.Throws<UsageException>(() => RunReport.Build(run.Path));
        Assert.Contains("compare.json", empty.Message);
        Assert.Throws<UsageException>(() => RunReport.Build(Path.Combine(run.Path, "missing")));

        File.WriteAllText(Path.Combine(run.Path, "compare.json"), "{\"seeds\": [1], \"budget\": ");
        var damaged = Assert.Throws<CorruptDataException>(() => RunReport.Build(run.Path));
        Assert.Contains("compare.json", damaged.Message);
    }

    /// <summary>An acquisition run's results files: two tasks (lookup, reverse) and two iterations.</summary>
    private static void WriteAcquisition(string folder, string instruction)
    {
        TaskResult Task(string id, string category, string trajectory, double score, double cost, double finalScore) => new()
        {
            FinalPolicyScore = finalScore,
            TaskId = id,
            Instruction = instruction,
            Category = category,
            Score = score,
            BaseScore = 10,
            ApiCost = cost,
            Trajectory = trajectory,
            Reward = score - 10 - (0.5 * cost),
            Samples = 5,
            Decontaminated = [],
            Errors = [],
        };
        var tasks = new List<TaskResult>
        {
            Task("knowledge-0", "lookup", "retrieve(\"Veloria\", 2); retrieve(\"Kriz\", 1)", 60, 4.5, 70),
            Task("skill-reverse", "reverse", "demonstrate(\"reverse\", 32); answer(\"rev abc\")", 30, 1.8, 10),
        };
        var evaluation = new AcquisitionEvaluation { Method = "heuristic", Metrics = EvaluationMetrics.Of(tasks, 0.5), TaskResults = tasks };
        IterationMetrics Iteration(int number, bool kept, params TrajectoryRecord[] trajectories) => new()
        {
            Iteration = number,
            PolicyUpdateScore = kept ? 20 : 5,
            PolicyUpdateAccepted = kept,
            PolicyUpdateSamples = 36 * number,
            PolicyUpdateReplayed = 36 * (number - 1),
            PolicyUpdateSteps = 400 * number,
            Tasks = [.. trajectories.Select(t => t.TaskId)],
            RewardMean = trajectories.Average(t => t.Reward),
            RewardStd = 1,
            GainMean = trajectories.Average(t => t.Gain),
            CostMean = trajectories.Average(t => t.Cost),
            ApiCost = trajectories.Sum(t => t.Cost),
            PolicyScoreBefore = 10,
            PolicyScoreAfter = kept ? 20 : 10,
            PolicyScores = new Dictionary<string, double>(),
            Seconds = 1,
            Trajectories = trajectories,
        };
        var metrics = new List<IterationMetrics>
        {
            Iteration(1, true, new TrajectoryRecord("knowledge-0", "lookup", "retrieve(\"Veloria\", 2)", null, 50, 4.5, 47.75, 4, 0, []),
                new TrajectoryRecord("skill-reverse", "reverse", "demonstrate(\"reverse\", 32)", null, 20, 0.82, 19.59, 32, 0, [])),
            Iteration(2, false, new TrajectoryRecord("skill-reverse", "reverse", "answer(\"rev abc\")", null, 0, 0.5, -0.25, 1, 0, [])),
        };
        Directory.CreateDirectory(Path.Combine(folder, "results"));
        AcquisitionLoop.WriteJson(Path.Combine(folder, "results", "evaluation_results.json"), evaluation);
        AcquisitionLoop.WriteJson(Path.Combine(folder, "results", "training_metrics.json"), metrics);
    }
}
