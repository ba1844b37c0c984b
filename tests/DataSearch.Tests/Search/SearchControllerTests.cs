using System.Diagnostics;
using System.Text.Json;
using DataSearch.Evaluation;
using DataSearch.Extensions;
using DataSearch.IO;
using DataSearch.Progress;
using DataSearch.Recipes;
using DataSearch.Search;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Search;

public class SearchControllerTests
{
    private static (GeneratedWorld World, RecipeContext Context, SearchSpace Space) Setup() => TestSearch.SmallWorld();

    /// <summary>A small search's settings on <see cref="TestSearch.SmallWorld"/> (also the multi-fidelity tests').</summary>
    internal static SearchConfig Config(int budget, ulong seed = 1) => new()
    {
        World = "unused",
        MaxEvaluations = budget,
        NLhsSeeds = 3,
        StagnationPatience = 4,
        CandidatesPerRound = 40,
        MinSubsetSamples = 50,
        MinSubsetFraction = 0,
        Seed = seed,
    };

    [Fact]
    public void The_search_spends_its_budget_and_never_retrains_a_subset()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        var evaluator = new GroundTruthEvaluator(world);
        var outcome = new SearchController(Config(14), context, space, evaluator, run.Path, _ => { }).Run();
        var completed = outcome.Records.Where(r => r.Objective is not null).ToList();
        Assert.Equal(14, completed.Count);
        Assert.Equal(14, evaluator.Calls);
        Assert.Equal(completed.Count, completed.Select(r => r.SubsetHash).Distinct().Count());
        Assert.NotNull(outcome.Best);
        Assert.Equal(outcome.Best, completed.MaxBy(r => r.Objective));
        Assert.Contains(completed, r => r.Predicted is not null);
        Assert.True(File.Exists(Path.Combine(run.Path, "search_tree.json")));
        Assert.True(File.Exists(Path.Combine(run.Path, "subsets", outcome.Best.SubsetHash + ".ids")));
        Assert.Equal(outcome.Best.RecipeHash, RecipeJson.Hash(RecipeReader.ReadFile(Path.Combine(run.Path, "recipes", outcome.Best.Id + ".json"))));
        Assert.All(completed.Where(r => r.Round > 0), r => Assert.True(r.Candidates > 0));
    }

    [Fact]
    public void Across_seeds_the_rounds_usually_beat_the_warm_up()
    {
        var (world, context, space) = Setup();
        var improved = new List<ulong>();
        foreach (var seed in new ulong[] { 2, 3, 4, 5 })
        {
            using var run = new TempFolder();

            // Without source screening: on ground truth, the clean source alone is a near-best subset already.
            var outcome = new SearchController(Config(12, seed) with { SourceScreening = "off" }, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
            var warmup = outcome.Records.Where(r => r.Round == 0 && r.Objective is not null).Max(r => r.Objective);
            if (outcome.Best!.Objective > warmup)
            {
                improved.Add(seed);
            }
        }

        Assert.True(improved.Count >= 3, $"rounds improved on the warm-up for seeds {string.Join(", ", improved)} only");
    }

    [Fact]
    public void On_ground_truth_the_default_search_beats_random_recipe_search_at_the_same_budget()
    {
        // Scored by the world's hidden labels (clean samples count, noisy ones count against), so a good
        // search must find the clean sources and keep them whole; random recipes rarely do.
        var (world, context, space) = Setup();
        using var folder = new TempFolder();
        var config = Config(12) with { NLhsSeeds = 4, StagnationPatience = 3, CandidatesPerRound = 100, MinSubsetFraction = 0.1 };
        var comparison = new Comparison(config, context, space, new GroundTruthEvaluator(world), folder.Path, _ => { }) { Baselines = ["random_search"] };
        var results = comparison.Run([1, 2, 3, 4, 5, 6, 7, 8], null).ToDictionary(r => r.Method);
        var search = results["search"];
        var random = results["random_search"];
        Assert.True(search.Mean > random.Mean + 10, $"search {search.Mean:0.0} ({string.Join(" ", search.PerSeed.Select(s => s.ToString("0")))}), random search {random.Mean:0.0} ({string.Join(" ", random.PerSeed.Select(s => s.ToString("0")))})");
    }

    [Fact]
    public void Source_screening_probes_each_source_alone_before_the_hypercube()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        var sources = world.Pool.SourceNames;
        var outcome = new SearchController(Config(12) with { SourceScreening = "on", PoolProbe = true }, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
        var screening = outcome.Records.Take(sources.Count).ToList();
        Assert.Equal(sources.Select(s => $"screen {s}"), screening.Select(r => r.Edit));
        foreach (var (record, source) in screening.Zip(sources))
        {
            // Each probe trains on all of its source and nothing else.
            var expected = Enumerable.Range(0, world.Pool.Count).Where(i => world.Pool.GetSourceName(i) == source).Select(world.Pool.GetSampleId).Order(StringComparer.Ordinal);
            var trained = File.ReadAllLines(Path.Combine(run.Path, "subsets", record.SubsetHash + ".ids")).Order(StringComparer.Ordinal);
            Assert.Equal(expected, trained);
            Assert.Equal(0, record.Round);
        }

        // Then the whole pool: every sample of every source.
        var whole = outcome.Records[sources.Count];
        Assert.Equal(SearchProbes.WholePoolEdit, whole.Edit);
        Assert.Equal(ProposalOrigin.Screening, whole.Source);
        Assert.Equal(world.Pool.Count, whole.SubsetSamples);
        Assert.Equal(Enumerable.Range(0, world.Pool.Count).Select(world.Pool.GetSampleId).Order(StringComparer.Ordinal), File.ReadAllLines(Path.Combine(run.Path, "subsets", whole.SubsetHash + ".ids")).Order(StringComparer.Ordinal));

        // Then the hypercube's probes, then the rounds.
        Assert.Equal(3, outcome.Records.Skip(sources.Count + 1).TakeWhile(r => r.Round == 0).Count(r => r.Edit.StartsWith("lhs", StringComparison.Ordinal)));
        Assert.Equal(12, outcome.Records.Count(r => r.Objective is not null));
    }

    [Fact]
    public void The_whole_pool_is_probed_only_when_asked_for_and_a_round_is_left_after_it()
    {
        var (world, context, space) = Setup();
        var sources = world.Pool.SourceNames.Count;
        List<SearchRecord> WarmUp(SearchConfig config)
        {
            using var run = new TempFolder();
            return [.. new SearchController(config, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run().Records.Where(r => r.Round == 0)];
        }

        // Sources, the whole pool and three hypercube probes leave a round at budget sources + 5, not at sources + 4.
        var probed = WarmUp(Config(sources + 5) with { SourceScreening = "on", PoolProbe = true });
        Assert.Equal(sources + 4, probed.Count);
        Assert.Single(probed, r => r.Edit == SearchProbes.WholePoolEdit && r.SubsetSamples == world.Pool.Count);
        var tight = WarmUp(Config(sources + 4) with { SourceScreening = "on", PoolProbe = true });
        Assert.DoesNotContain(tight, r => r.Edit == SearchProbes.WholePoolEdit);
        Assert.Equal(sources + 3, tight.Count);
        Assert.DoesNotContain(WarmUp(Config(sources + 5) with { SourceScreening = "on" }), r => r.Edit == SearchProbes.WholePoolEdit); // off by default
        Assert.DoesNotContain(WarmUp(Config(sources + 5) with { SourceScreening = "off", PoolProbe = true }), r => r.Edit == SearchProbes.WholePoolEdit);
    }

    /// <summary>
    /// Scores one in-distribution benchmark per source — the share of that source's samples the subset
    /// holds — and one out-of-distribution benchmark that only the last source teaches: each source alone
    /// leads its own benchmark, and the best subset holds every source.
    /// </summary>
    private sealed class SourceSkillEvaluator(DataSearch.Pool.SamplePool pool) : IEvaluator
    {
        public int Calls { get; private set; }

        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var sizes = Enumerable.Range(0, pool.Count).CountBy(pool.GetSourceName).ToDictionary();
            var held = request.Subset.CountBy(pool.GetSourceName).ToDictionary();
            var scores = pool.SourceNames.Select(s => new BenchmarkScore(s, BenchmarkKind.InDistribution, 100.0 * held.GetValueOrDefault(s) / sizes[s], held.GetValueOrDefault(s), sizes[s])).ToList();
            scores.Add(new BenchmarkScore("ood", BenchmarkKind.OutOfDistribution, 100.0 * held.GetValueOrDefault(pool.SourceNames[^1]) / sizes[pool.SourceNames[^1]], 0, 1));
            return new EvaluationResult(scores, scores.Where(s => s.Kind == BenchmarkKind.InDistribution).Average(s => s.Score), new EvaluationCost(0, 0, 0, 0, 0), []);
        }
    }

    [Fact]
    public void With_the_specialist_mix_the_first_round_trains_every_source_that_leads_a_benchmark()
    {
        var (world, context, space) = Setup();
        var sources = world.Pool.SourceNames;
        using var run = new TempFolder();
        var config = Config(sources.Count + 4) with { SourceScreening = "on", NLhsSeeds = 1, SpecialistMix = true, FilterProbes = [] };
        var outcome = new SearchController(config, context, space, new SourceSkillEvaluator(world.Pool), run.Path, _ => { }).Run();
        var first = outcome.Records.First(r => r.Round > 0);
        Assert.Equal(ProposalOrigin.Specialists, first.Source);
        Assert.Null(first.Parent);
        Assert.Equal(1, first.Round);

        // Each source leads its own benchmark by 100 points, so each gets an equal share; "ood" is no one's.
        var step = RecipeReader.Parse(first.Recipe.GetRawText()).Steps.Single();
        var weights = SpaceParameter.ReadWeights(step.Params["source_weights"]);
        Assert.Equal(sources.Order(StringComparer.Ordinal), weights.Keys);
        Assert.All(weights.Values, w => Assert.Equal(1.0 / sources.Count, w, 3));
        Assert.Equal(sources, first.OptimisedBenchmarks);
        Assert.True(first.Objective > outcome.Records.Where(r => r.Round == 0).Max(r => r.Objective), TestSearch.Describe(outcome.Records));

        // The rounds go on after it, numbered on, and nothing is trained twice.
        Assert.Contains(outcome.Records, r => r.Round == 2 && r.Source == ProposalOrigin.Edit);
        var completed = outcome.Records.Where(r => r.Objective is not null).ToList();
        Assert.Equal(completed.Count, completed.Select(r => r.SubsetHash).Distinct().Count());
    }

    [Fact]
    public void The_specialist_mix_can_be_turned_off_and_needs_benchmarks_that_different_sources_lead()
    {
        var (world, context, space) = Setup();
        IReadOnlyList<SearchRecord> Search(SearchConfig config, IEvaluator evaluator)
        {
            using var run = new TempFolder();
            return new SearchController(config, context, space, evaluator, run.Path, _ => { }).Run().Records;
        }

        var budget = world.Pool.SourceNames.Count + 3;
        Assert.Contains(Search(Config(budget) with { SourceScreening = "on", NLhsSeeds = 1 }, new SourceSkillEvaluator(world.Pool)), r => r.Source == ProposalOrigin.Specialists);
        Assert.DoesNotContain(Search(Config(budget) with { SourceScreening = "on", NLhsSeeds = 1, SpecialistMix = false }, new SourceSkillEvaluator(world.Pool)), r => r.Source == ProposalOrigin.Specialists);

        // One benchmark: the best source alone leads it, and that subset is already screened.
        Assert.DoesNotContain(Search(Config(budget) with { SourceScreening = "on", NLhsSeeds = 1 }, new GroundTruthEvaluator(world)), r => r.Source == ProposalOrigin.Specialists);

        // Without screening there is nothing to read it from.
        Assert.DoesNotContain(Search(Config(budget) with { SourceScreening = "off", NLhsSeeds = 1 }, new SourceSkillEvaluator(world.Pool)), r => r.Source == ProposalOrigin.Specialists);
    }

    [Fact]
    public void A_resumed_search_does_not_train_the_specialist_mix_again()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();

        // The budget ends with the specialist mix; the resumed run, given two more, goes on with edits.
        var config = Config(world.Pool.SourceNames.Count + 2) with { SourceScreening = "on", NLhsSeeds = 1, SpecialistMix = true };
        var first = new SearchController(config, context, space, new SourceSkillEvaluator(world.Pool), run.Path, _ => { }).Run();
        Assert.Equal(ProposalOrigin.Specialists, first.Records[^1].Source);
        var evaluator = new SourceSkillEvaluator(world.Pool);
        var resumed = new SearchController(config with { MaxEvaluations = config.MaxEvaluations + 2 }, context, space, evaluator, run.Path, _ => { }).Run();
        Assert.Equal(2, evaluator.Calls);
        Assert.Single(resumed.Records, r => r.Source == ProposalOrigin.Specialists);
        Assert.All(resumed.Records.Skip(first.Records.Count), r => Assert.True(r.Round > 1));
    }

    [Fact]
    public void In_a_parallel_search_the_specialist_mix_and_the_filter_probes_go_out_together()
    {
        var (world, context, space) = Setup();
        List<SearchRecord> Search(int parallel)
        {
            using var run = new TempFolder();
            var config = Config(world.Pool.SourceNames.Count + 9) with { SourceScreening = "on", NLhsSeeds = 1, SpecialistMix = true, FilterProbes = ["answer_agreement_filter", "quality_filter"], Parallel = parallel };
            return [.. new SearchController(config, context, space, new SourceSkillEvaluator(world.Pool), run.Path, _ => { }).Run().Records];
        }

        // Three slots: the specialist mix and both filter probes, on the best warm-up probe, in one round.
        var records = Search(3);
        var specialists = records.Single(r => r.Source == ProposalOrigin.Specialists);
        var together = records.Where(r => r.Round == specialists.Round).ToList();
        Assert.Equal(3, together.Count);
        var bestProbe = records.Where(r => r.Round == 0 && r.Objective is not null).OrderByDescending(r => r.Objective).ThenBy(r => r.Id, StringComparer.Ordinal).First();
        Assert.All(together.Where(r => r != specialists), r => Assert.Equal((ProposalOrigin.Filter, bestProbe.Id), (r.Source, r.Parent)));

        // Later filter probes try the filters on the new best, until none is left; then the rounds of edits.
        foreach (var later in records.Where(r => r.Source == ProposalOrigin.Filter && r.Round > specialists.Round))
        {
            Assert.Equal(records.Where(r => r.Round < later.Round && r.Objective is not null).OrderByDescending(r => r.Objective).ThenBy(r => r.Id, StringComparer.Ordinal).First().Id, later.Parent);
        }

        var firstOfRounds = records.FindIndex(r => r.Source is not (ProposalOrigin.Screening or ProposalOrigin.Warmup or ProposalOrigin.Specialists or ProposalOrigin.Filter));
        Assert.True(firstOfRounds > records.FindLastIndex(r => r.Source is ProposalOrigin.Filter or ProposalOrigin.Specialists), TestSearch.Describe(records));
        var completed = records.Where(r => r.Objective is not null).ToList();
        Assert.Equal(completed.Count, completed.Select(r => r.SubsetHash).Distinct().Count());

        // One slot: one probe per round, as before.
        var sequential = Search(1);
        var probes = sequential.Where(r => r.Source is ProposalOrigin.Specialists or ProposalOrigin.Filter).ToList();
        Assert.Equal(probes.Count, probes.Select(r => r.Round).Distinct().Count());
    }

    [Fact]
    public void Each_filter_probe_is_tried_once_on_the_best_probe_before_the_rounds_of_edits()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        var config = Config(world.Pool.SourceNames.Count + 5) with { SourceScreening = "on", NLhsSeeds = 1, SpecialistMix = false, FilterProbes = ["answer_agreement_filter", "quality_filter"] };
        var outcome = new SearchController(config, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
        var records = outcome.Records;
        var probes = records.Where(r => r.Source == ProposalOrigin.Filter).ToList();
        Assert.True(probes.Count >= 1, TestSearch.Describe(records));

        // Each probe appends its filter, at its defaults, to the best record before it, whose subset it narrows.
        foreach (var probe in probes)
        {
            var parent = records.Single(r => r.Id == probe.Parent);
            Assert.Equal(records.TakeWhile(r => r != probe).Where(r => r.Objective is not null).MaxBy(r => r.Objective), parent);
            var steps = RecipeReader.Parse(probe.Recipe.GetRawText()).Steps;
            var parentSteps = RecipeReader.Parse(parent.Recipe.GetRawText()).Steps;
            Assert.Equal(parentSteps.Select(s => s.Op).Append(steps[^1].Op), steps.Select(s => s.Op));
            Assert.Contains(steps[^1].Op, config.FilterProbes);
            Assert.Empty(steps[^1].Params);
            Assert.True(probe.SubsetSamples < parent.SubsetSamples, TestSearch.Describe(records));
        }

        // No filter twice, all before the first edit, and the rounds go on after them.
        Assert.Equal(probes.Count, probes.Select(p => RecipeReader.Parse(p.Recipe.GetRawText()).Steps[^1].Op).Distinct().Count());
        var firstEdit = records.ToList().FindIndex(r => r.Source == ProposalOrigin.Edit);
        Assert.True(firstEdit > records.ToList().FindLastIndex(r => r.Source == ProposalOrigin.Filter), TestSearch.Describe(records));
        Assert.All(probes, p => Assert.True(p.Round > 0));
        var completed = records.Where(r => r.Objective is not null).ToList();
        Assert.Equal(completed.Count, completed.Select(r => r.SubsetHash).Distinct().Count());

        // Off, none is tried.
        using var without = new TempFolder();
        var plain = new SearchController(config with { FilterProbes = [] }, context, space, new GroundTruthEvaluator(world), without.Path, _ => { }).Run();
        Assert.DoesNotContain(plain.Records, r => r.Source == ProposalOrigin.Filter);
    }

    [Fact]
    public void Greedy_rounds_pick_the_candidate_the_surrogate_rates_highest()
    {
        var (world, context, space) = Setup();
        SearchRecord FirstRound(SearchConfig settings)
        {
            using var run = new TempFolder();
            var records = new SearchController(settings, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run().Records;
            return records.First(r => r.Round > 0 && r.Predicted is not null);
        }

        // The same warm-up, so the same candidates and surrogate in the first round: the greedy pick's
        // predicted mean is the highest of them, never below expected improvement's pick, and above it
        // wherever expected improvement explores (on some of these seeds it takes the same candidate).
        var explored = 0;
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var config = Config(6, seed) with { SourceScreening = "off", SpecialistMix = false, FilterProbes = [] };
            var explore = FirstRound(config);
            var greedy = FirstRound(config with { RoundChoice = RoundRanking.PredictedMean });
            Assert.Equal(explore.Candidates, greedy.Candidates);
            Assert.True(greedy.Predicted![0] >= explore.Predicted![0], $"seed {seed}: greedy {greedy.Predicted[0]} < expected improvement's {explore.Predicted[0]}");
            if (greedy.Predicted[0] > explore.Predicted[0])
            {
                explored++;
                Assert.True(explore.Predicted[1] > greedy.Predicted[1], $"seed {seed}: expected improvement took a lower-rated candidate that is no less sure");
            }
        }

        Assert.True(explored > 0, "expected improvement never explored: the test shows nothing");
    }

    [Fact]
    public void A_filter_probe_too_small_to_train_on_is_left_out_and_said_once()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();

        // Half of any one source is under the minimum, so the probe on a screened source cannot train.
        var largest = world.Pool.SourceNames.Max(s => Enumerable.Range(0, world.Pool.Count).Count(i => world.Pool.GetSourceName(i) == s));
        var config = Config(world.Pool.SourceNames.Count + 3) with { SourceScreening = "on", NLhsSeeds = 1, SpecialistMix = false, FilterProbes = ["random_sample"], MinSubsetSamples = (largest / 2) + 1 };
        var lines = new List<string>();
        var outcome = new SearchController(config, context, space, new GroundTruthEvaluator(world), run.Path, lines.Add).Run();
        var records = outcome.Records;
        var parent = records.Where(r => r.Source is ProposalOrigin.Screening or ProposalOrigin.Warmup && r.Objective is not null).MaxBy(r => r.Objective)!;
        Assert.True(parent.Source == ProposalOrigin.Screening, TestSearch.Describe(records));

        Assert.DoesNotContain(records, r => r.Source == ProposalOrigin.Filter);
        var leftOut = Assert.Single(lines, l => l.Contains("random_sample", StringComparison.Ordinal) && l.Contains("left out", StringComparison.Ordinal));
        Assert.Contains($"filter probe on {parent.Id}", leftOut);
        Assert.Contains(records, r => r.Source == ProposalOrigin.Edit);
    }

    [Fact]
    public void A_resumed_search_does_not_train_a_filter_probe_again()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();

        // The budget ends with the filter probe; the resumed run, given two more, goes on with edits.
        var config = Config(world.Pool.SourceNames.Count + 2) with { SourceScreening = "on", NLhsSeeds = 1, SpecialistMix = false, FilterProbes = ["answer_agreement_filter"] };
        var first = new SearchController(config, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
        Assert.Equal(ProposalOrigin.Filter, first.Records[^1].Source);
        var evaluator = new GroundTruthEvaluator(world);
        var resumed = new SearchController(config with { MaxEvaluations = config.MaxEvaluations + 2 }, context, space, evaluator, run.Path, _ => { }).Run();
        Assert.Equal(2, evaluator.Calls);
        Assert.Single(resumed.Records, r => r.Source == ProposalOrigin.Filter);
        Assert.All(resumed.Records.Skip(first.Records.Count), r => Assert.NotEqual(ProposalOrigin.Filter, r.Source));
    }

    [Fact]
    public void A_source_too_small_to_train_on_alone_is_screened_whole_and_topped_up_from_the_others()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        var sizes = world.Pool.SourceNames.ToDictionary(s => s, s => Enumerable.Range(0, world.Pool.Count).Count(i => world.Pool.GetSourceName(i) == s));
        var small = sizes.MinBy(s => s.Value).Key;
        var minimum = sizes[small] + 37;
        var outcome = new SearchController(Config(12) with { SourceScreening = "on", MinSubsetSamples = minimum }, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
        var probe = Assert.Single(outcome.Records, r => r.Edit == $"screen {small} topped up");
        var trained = File.ReadAllLines(Path.Combine(run.Path, "subsets", probe.SubsetHash + ".ids")).ToHashSet(StringComparer.Ordinal);
        var bySource = Enumerable.Range(0, world.Pool.Count).Where(i => trained.Contains(world.Pool.GetSampleId(i))).GroupBy(world.Pool.GetSourceName).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(sizes[small], bySource[small]);
        Assert.InRange(trained.Count, minimum, minimum + 2);

        // The top-up comes from every other source, roughly in proportion to its size.
        var others = sizes.Where(s => s.Key != small).ToList();
        var rest = others.Sum(s => s.Value);
        foreach (var (source, size) in others)
        {
            Assert.InRange(bySource.GetValueOrDefault(source), (37.0 * size / rest) - 2, (37.0 * size / rest) + 2);
        }
    }

    [Theory]
    [InlineData(5_000, 6_766.2)]
    [InlineData(100, 101)]
    [InlineData(1, 1_000)]
    public void Topped_up_weights_take_all_of_the_source_and_just_reach_the_minimum(int own, double minimum)
    {
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal) { ["small"] = own, ["b"] = 55_000, ["c"] = 7_473 };
        var weights = SearchProbes.ToppedUpWeights("small", sizes, minimum);
        var quotas = DataSearch.Recipes.Operators.Mixing.Allocate(sizes, weights, null);
        Assert.Equal(own, quotas["small"]);
        Assert.InRange(quotas.Values.Sum(), minimum, minimum + 2);
        Assert.True(quotas["b"] > quotas["c"], $"b {quotas["b"]}, c {quotas["c"]}");
    }

    [Fact]
    public void Source_screening_is_automatic_only_when_the_budget_can_afford_it()
    {
        var (world, context, space) = Setup();
        bool Screens(SearchConfig config)
        {
            using var run = new TempFolder();
            return new SearchController(config, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run().Records.Any(r => r.Edit.StartsWith("screen", StringComparison.Ordinal));
        }

        var sources = world.Pool.SourceNames.Count;
        Assert.True(Screens(Config(2 * sources)));
        Assert.False(Screens(Config((2 * sources) - 1)));
        Assert.False(Screens(Config(2 * sources) with { SourceScreening = "off" }));
        Assert.False(Screens(Config(2 * sources) with { Template = ["top_k"] }));
        Assert.True(Screens(Config(sources) with { SourceScreening = "on", NLhsSeeds = 1 }));
        var error = Assert.Throws<Errors.InvalidConfigurationException>(() => (Config(12) with { SourceScreening = "sometimes" }).ThrowIfInvalid("search.yaml"));
        Assert.Contains("source_screening", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_killed_during_source_screening_resumes_without_repeating_a_probe()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        using var reference = new TempFolder();
        SearchConfig Screening(int budget) => Config(budget) with { SourceScreening = "on" };
        var straight = new SearchController(Screening(12), context, space, new GroundTruthEvaluator(world), reference.Path, _ => { }).Run();
        new SearchController(Screening(2), context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
        var evaluator = new GroundTruthEvaluator(world);
        var resumed = new SearchController(Screening(12), context, space, evaluator, run.Path, _ => { }).Run();
        Assert.Equal(10, evaluator.Calls);
        Assert.Contains(straight.Records, r => r.Edit.StartsWith("screen", StringComparison.Ordinal));
        Assert.Equal(straight.Records.Select(r => (r.Id, r.Edit, r.SubsetHash, r.Objective)), resumed.Records.Select(r => (r.Id, r.Edit, r.SubsetHash, r.Objective)));
    }

    [Fact]
    public void A_run_killed_after_a_later_warm_up_probe_finished_before_an_earlier_one_trains_neither_twice()
    {
        // A parallel batch's probes finish in any order: the log may hold the second probe without the first.
        var (world, context, space) = Setup();
        using var reference = new TempFolder();
        using var run = new TempFolder();
        var config = Config(12) with { SourceScreening = "on", PoolProbe = true };
        var straight = new SearchController(config, context, space, new GroundTruthEvaluator(world), reference.Path, _ => { }).Run();
        File.WriteAllLines(Path.Combine(run.Path, "search_log.jsonl"), [File.ReadLines(Path.Combine(reference.Path, "search_log.jsonl")).ElementAt(1)]);

        var evaluator = new GroundTruthEvaluator(world);
        var resumed = new SearchController(config, context, space, evaluator, run.Path, _ => { }).Run();
        var completed = resumed.Records.Where(r => r.Objective is not null).ToList();
        Assert.Equal(12, completed.Count);
        Assert.Equal(12, completed.Select(r => r.SubsetHash).Distinct().Count());
        Assert.Equal(11, evaluator.Calls);
        Assert.Equal(straight.Records[0].SubsetHash, resumed.Records[1].SubsetHash);
    }

    [Fact]
    public void Template_operators_that_cannot_run_on_the_pool_are_named_in_the_log()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        var lines = new List<string>();
        var config = Config(3) with { Template = ["source_mix", "mona_filter"] }; // no SAE signals in this pool
        new SearchController(config, context, space, new GroundTruthEvaluator(world), run.Path, lines.Add).Run();
        Assert.Contains(lines, l => l.StartsWith("warning: template operators", StringComparison.Ordinal) && l.EndsWith("mona_filter", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Where(l => l.StartsWith("warning", StringComparison.Ordinal)), l => l.Contains("source_mix", StringComparison.Ordinal));
    }

    [Fact]
    public void A_warm_up_probe_whose_hypercube_points_select_too_little_falls_back_to_random_points()
    {
        var (world, context, space) = Setup();
        var warmups = new List<SearchRecord>();
        for (var seed = 1UL; seed <= 6; seed++)
        {
            using var run = new TempFolder();
            // Half the pool at least: most points of a mix followed by top-k select less.
            var config = Config(3, seed) with { Template = ["source_mix", "top_k"], MinSubsetFraction = 0.5 };
            warmups.AddRange(new SearchController(config, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run().Records);
        }

        Assert.Equal(18, warmups.Count);
        Assert.All(warmups, r => Assert.Equal(RecordStatus.Ok, r.Status));
        Assert.All(warmups, r => Assert.Equal(ProposalOrigin.Warmup, r.Origin));
        Assert.Contains(warmups, r => r.Edit.StartsWith("lhs (random fallback", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_seed_gives_the_same_search()
    {
        var (world, context, space) = Setup();
        using var a = new TempFolder();
        using var b = new TempFolder();
        var first = new SearchController(Config(7), context, space, new GroundTruthEvaluator(world), a.Path, _ => { }).Run();
        var second = new SearchController(Config(7), context, space, new GroundTruthEvaluator(world), b.Path, _ => { }).Run();
        Assert.Equal(first.Records.Select(r => (r.Edit, r.SubsetHash, r.Objective)), second.Records.Select(r => (r.Edit, r.SubsetHash, r.Objective)));
    }

    [Fact]
    public void Resume_continues_after_a_torn_write_without_repeating_an_evaluation()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        using var reference = new TempFolder();
        var straight = new SearchController(Config(8), context, space, new GroundTruthEvaluator(world), reference.Path, _ => { }).Run();

        new SearchController(Config(5), context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
        var logPath = Path.Combine(run.Path, "search_log.jsonl");
        File.AppendAllText(logPath, "{\"id\": \"e0"); // a kill in the middle of a write
        var evaluator = new GroundTruthEvaluator(world);
        var resumed = new SearchController(Config(8), context, space, evaluator, run.Path, _ => { }).Run();
        Assert.Equal(3, evaluator.Calls);
        Assert.Equal(straight.Records.Select(r => (r.Id, r.SubsetHash, r.Objective)), resumed.Records.Select(r => (r.Id, r.SubsetHash, r.Objective)));
        Assert.EndsWith("\n", File.ReadAllText(logPath), StringComparison.Ordinal);
    }

    [Fact]
    public void A_log_written_before_records_were_typed_resumes_to_the_same_search()
    {
        var (world, context, space) = Setup();
        // Filter probes came after typed records, so no such log holds one.
        var config = Config(16) with { StagnationPatience = 2, FilterProbes = [] };
        using var run = new TempFolder();
        using var reference = new TempFolder();
        var straight = new SearchController(config, context, space, new GroundTruthEvaluator(world), reference.Path, _ => { }).Run();
        Assert.Contains(straight.Records, r => r.Reseed == true);
        Assert.Contains(straight.Records, r => r.Origin == ProposalOrigin.Edit && r.EditKind!.Length > 0);

        new SearchController(config with { MaxEvaluations = 10 }, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
        var logPath = Path.Combine(run.Path, "search_log.jsonl");
        var legacy = File.ReadAllLines(logPath).Select(line =>
        {
            var record = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
            record.Remove("origin");
            record.Remove("edit_kind");
            record.Remove("reseed");
            return record.ToJsonString();
        }).ToList();
        File.WriteAllLines(logPath, legacy);
        var old = DataSearch.IO.JsonLinesFile<SearchRecord>.Open(logPath).Records;
        Assert.All(old, r => Assert.Null(r.Origin));
        Assert.Equal(straight.Records.Take(old.Count).Select(r => (r.Origin, r.EditKind, r.Reseed)), old.Select(r => ((ProposalOrigin?)r.Source, (string?)r.Kind, (bool?)r.FromReseed)));

        var resumed = new SearchController(config, context, space, new GroundTruthEvaluator(world), run.Path, _ => { }).Run();
        Assert.Equal(straight.Records.Select(r => (r.Id, r.SubsetHash, r.Objective)), resumed.Records.Select(r => (r.Id, r.SubsetHash, r.Objective)));
    }

    private sealed class FailingEvaluator(GeneratedWorld world) : IEvaluator
    {
        private int calls;

        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default) =>
            ++calls % 3 == 0 ? throw new InvalidOperationException("GPU fell off the bus") : new GroundTruthEvaluator(world).Evaluate(request, progress, cancellationToken);
    }

    [Fact]
    public void Failed_evaluations_are_logged_but_neither_scored_nor_counted()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        var outcome = new SearchController(Config(6), context, space, new FailingEvaluator(world), run.Path, _ => { }).Run();
        var failed = outcome.Records.Where(r => r.Status == RecordStatus.Failed && r.RecipeHash.Length > 0).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, r => Assert.Null(r.Objective));
        Assert.All(failed, r => Assert.Equal("GPU fell off the bus", r.Error));
        Assert.Equal(6, outcome.Records.Count(r => r.Objective is not null));
    }

    [Fact]
    public void With_an_agent_its_proposals_join_the_ranking_and_a_dead_endpoint_falls_back()
    {
        var (world, context, space) = Setup();
        var extensions = ExtensionSet.Load([]);
        const string Answer = "{\"candidates\": [{\"parent\": \"e002\", \"edit\": \"dedup then keep quality\", \"steps\": [{\"op\": \"semantic_dedup\", \"params\": {\"strategy\": \"exact\"}}, {\"op\": \"quality_filter\", \"params\": {\"fraction\": 0.6}}]}]}";
        using var live = new LoopbackServer();
        for (var i = 0; i < 20; i++)
        {
            live.Then(new(200, LoopbackServer.Completion(Answer)));
        }

        using var dead = new LoopbackServer();
        foreach (var server in new[] { live, dead })
        {
            using var run = new TempFolder();
            using var client = new DataSearch.Agents.ChatClient(new DataSearch.Agents.ChatClientOptions(server.BaseUrl, null, "m", "m", TimeSpan.FromSeconds(2), 2, TimeSpan.FromMilliseconds(5)), new DataSearch.Agents.ThinkingLog(Path.Combine(run.Path, "thinking_logs"), DataSearch.Agents.SecretRedactor.None));
            var lines = new List<string>();
            var agent = new LlmProposer(client, extensions.Catalog, extensions.Registry, lines.Add);
            var outcome = new SearchController(Config(7), context, space, new GroundTruthEvaluator(world), run.Path, lines.Add, agent).Run();
            Assert.Equal(7, outcome.Records.Count(r => r.Objective is not null));
            Assert.NotEmpty(server.Requests);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(run.Path, "thinking_logs")));
            Assert.Equal(server == dead, lines.Any(l => l.Contains("action agent unavailable", StringComparison.Ordinal)));
        }
    }

    /// <summary>The ground-truth score plus a seed-dependent error: the flattered seed (the search's own) adds 40 points to every subset.</summary>
    private sealed class NoisyEvaluator(GeneratedWorld world, ulong flattered = 1) : IEvaluator
    {
        public int Calls { get; private set; }

        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            var truth = new GroundTruthEvaluator(world).Evaluate(request, progress, cancellationToken);
            return truth with { Objective = truth.Objective + (request.Seed == flattered ? 40 : 0) };
        }
    }

    [Fact]
    public void New_leaders_after_the_warm_up_are_confirmed_with_extra_seeds_within_the_budget()
    {
        var (world, context, space) = Setup();

        // Whether a round beats the warm-up depends on the seed: every seed is checked, and some must confirm.
        var confirmations = 0;
        foreach (var seed in new ulong[] { 1, 2, 3, 4, 5, 6, 7, 8 })
        {
            using var run = new TempFolder();
            var evaluator = new NoisyEvaluator(world, seed);
            var outcome = new SearchController(Config(10, seed) with { ConfirmSeeds = 1, SourceScreening = "off" }, context, space, evaluator, run.Path, _ => { }).Run();
            Assert.Equal(10, evaluator.Calls);
            Assert.Equal(10, outcome.Records.Where(r => r.Objective is not null).Sum(r => r.SeedObjectives?.Length ?? 1));
            var confirmed = outcome.Records.Where(r => r.SeedObjectives is not null).ToList();
            Assert.All(confirmed, r =>
            {
                Assert.True(r.Round > 0, $"{r.Id}: a warm-up probe was confirmed");
                Assert.Equal(2, r.SeedObjectives!.Length);
                Assert.Equal(r.SeedObjectives[0] - 40, r.SeedObjectives[1], 6);
                Assert.Equal(r.SeedObjectives.Average(), r.Objective!.Value, 0.001); // both are rounded to 4 places

                // Confirmed because its first seed beat the best objective so far.
                var earlier = outcome.Records.TakeWhile(e => e != r).Where(e => e.Objective is not null).Max(e => e.Objective!.Value);
                Assert.True(r.SeedObjectives[0] > earlier, TestSearch.Describe(outcome.Records));
            });
            confirmations += confirmed.Count;
        }

        Assert.True(confirmations > 0, "no seed had a leader after the warm-up to confirm");
    }

    [Fact]
    public void Compare_runs_every_method_per_seed_shares_evaluations_and_resumes_from_its_cache()
    {
        var (world, context, space) = Setup();
        using var folder = new TempFolder();
        var evaluator = new GroundTruthEvaluator(world);
        var comparison = new Comparison(Config(8), context, space, evaluator, folder.Path, _ => { });
        var results = comparison.Run([1, 2], world.Subsets["oracle"]).ToDictionary(r => r.Method);
        Assert.Contains("search", results.Keys);
        Assert.Contains("random_search", results.Keys);
        Assert.Contains("random_top_k", results.Keys);
        Assert.Contains("single:quality_filter", results.Keys);
        Assert.DoesNotContain("single:mona_filter", results.Keys); // no SAE signals in this pool
        Assert.Equal(100, results["oracle"].Mean, 6);
        Assert.All(results.Values, r => Assert.Equal(2, r.PerSeed.Count));
        Assert.Equal(8, results["search"].Curves[0].Count);
        Assert.True(results["search"].Mean > results["full_pool"].Mean);
        Assert.True(results["search"].Mean > results["random_top_k"].Mean);
        Assert.True(File.Exists(Path.Combine(folder.Path, "compare.json")));

        var calls = evaluator.Calls;
        var again = new Comparison(Config(8), context, space, evaluator, folder.Path, _ => { }).Run([1, 2], world.Subsets["oracle"]);
        Assert.Equal(calls, evaluator.Calls); // everything came from evaluations.jsonl and the search logs
        Assert.Equal(results["search"].PerSeed, again.First(r => r.Method == "search").PerSeed);

        // The best single source is the best of each source alone, per seed.
        foreach (var (seed, index) in new ulong[] { 1, 2 }.Select((s, i) => (s, i)))
        {
            var alone = Enumerable.Range(0, world.Pool.SourceNames.Count)
                .Select(source => Enumerable.Range(0, world.Pool.Count).Where(i => world.Pool.GetSourceIndex(i) == source).ToArray())
                .Where(subset => subset.Length >= Config(8).MinSubsetSamples)
                .Select(subset => new GroundTruthEvaluator(world).Evaluate(new EvaluationRequest(world.Pool, subset, seed)).Objective);
            Assert.Equal(alone.Max(), results["best_single_source"].PerSeed[index], 6);
        }
    }

    [Fact]
    public void Rescoring_trains_every_methods_final_subset_once_more_with_a_fresh_seed_and_each_subset_once()
    {
        var (world, context, space) = Setup();
        using var folder = new TempFolder();
        var evaluator = new SeedSensitive(new GroundTruthEvaluator(world));
        var comparison = new Comparison(Config(8), context, space, evaluator, folder.Path, _ => { })
        {
            Baselines = ["best_single_source", "full_pool", "oracle"],
            RescoreSeedOffset = 1000,
        };
        var results = comparison.Run([1, 2], world.Subsets["oracle"]).ToDictionary(r => r.Method);

        double Fresh(IEnumerable<int> subset, ulong seed) => evaluator.Inner.Evaluate(new EvaluationRequest(world.Pool, [.. subset], seed)).Objective + (seed % 3);
        foreach (var (seed, index) in new ulong[] { 1, 2 }.Select((s, i) => (s, i)))
        {
            Assert.Equal(Fresh(Enumerable.Range(0, world.Pool.Count), seed + 1000), results["full_pool"].Rescored![index], 6);
            Assert.Equal(Fresh(world.Subsets["oracle"], seed + 1000), results["oracle"].Rescored![index], 6);
            var best = SearchHistory.Best(JsonLinesFile<SearchRecord>.ReadComplete(Path.Combine(folder.Path, $"search-seed{seed}", "search_log.jsonl")))!;
            var subset = DataSearch.Pool.SubsetFile.Read(Path.Combine(folder.Path, $"search-seed{seed}", "subsets", best.SubsetHash + ".ids"), world.Pool);
            Assert.Equal(Fresh(subset, seed + 1000), results["search"].Rescored![index], 6);

            // Methods that ended on the same subset share one training with the fresh seed.
            Assert.Equal(evaluator.Subsets(seed + 1000), evaluator.Calls(seed + 1000));
            Assert.InRange(evaluator.Calls(seed + 1000), 2, 4);
        }

        var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "compare.json"))).RootElement;
        Assert.Equal(1000UL, written.GetProperty("rescore_seed_offset").GetUInt64());
        var search = written.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("method").GetString() == "search");
        Assert.Equal(results["search"].RescoredMean!.Value, search.GetProperty("rescored_mean").GetDouble(), 3);

        // Without rescoring, nothing is trained with another seed and compare.json says so.
        using var plain = new TempFolder();
        var unrescored = new Comparison(Config(8), context, space, new GroundTruthEvaluator(world), plain.Path, _ => { }) { Baselines = ["full_pool"] }.Run([1], null);
        Assert.All(unrescored, r => Assert.Null(r.Rescored));
    }

    /// <summary>Adds seed mod 3 to the objective, so a fresh seed scores differently; counts calls per seed and distinct subsets.</summary>
    private sealed class SeedSensitive(GroundTruthEvaluator inner) : IEvaluator
    {
        private readonly List<(ulong Seed, string Hash)> calls = [];

        public GroundTruthEvaluator Inner => inner;

        public int Calls(ulong seed) => calls.Count(c => c.Seed == seed);

        public int Subsets(ulong seed) => calls.Where(c => c.Seed == seed).Select(c => c.Hash).Distinct().Count();

        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            calls.Add((request.Seed, DataSearch.Pool.SubsetHash.Of(request.Subset)));
            var result = inner.Evaluate(request, progress, cancellationToken);
            return result with { Objective = result.Objective + (request.Seed % 3) };
        }
    }

    [Fact]
    public void A_comparison_stopped_during_a_seed_keeps_compare_json_for_the_seeds_it_finished()
    {
        var (world, context, space) = Setup();
        using var folder = new TempFolder();
        using var stop = new CancellationTokenSource();
        var evaluator = new StopAtSeed(new GroundTruthEvaluator(world), 2, stop);
        var comparison = new Comparison(Config(4), context, space, evaluator, folder.Path, _ => { }) { Baselines = ["full_pool"] };
        Assert.ThrowsAny<OperationCanceledException>(() => comparison.Run([1, 2], null, null, stop.Token));
        var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "compare.json"))).RootElement;
        Assert.Equal([1UL], written.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
        Assert.All(written.GetProperty("methods").EnumerateArray(), m => Assert.Equal(1, m.GetProperty("per_seed").GetArrayLength()));
    }

    /// <summary>Cancels the run when asked to train with <paramref name="seed"/>.</summary>
    private sealed class StopAtSeed(IEvaluator inner, ulong seed, CancellationTokenSource stop) : IEvaluator
    {
        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request.Seed == seed)
            {
                stop.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return inner.Evaluate(request, progress, cancellationToken);
        }
    }

    [Fact]
    public void Ablations_run_as_their_own_searches_with_one_part_switched_off_and_share_the_warm_up()
    {
        var (world, context, space) = Setup();
        using var folder = new TempFolder();
        var evaluator = new GroundTruthEvaluator(world);
        var results = new Comparison(Config(8) with { StagnationPatience = 1 }, context, space, evaluator, folder.Path, _ => { })
        {
            Baselines = [],
            RunAblations = true,
        }.Run([1], oracle: null).ToDictionary(r => r.Method);
        Assert.Equal(Comparison.Ablations.Keys.Select(a => $"ablation:{a}").Append("search").Order(), results.Keys.Order());
        Assert.Contains("ablation:no_specialist_mix", results.Keys);
        Assert.All(results.Values, r => Assert.Equal(8, r.Curves[0].Count));

        SearchRecord[] Completed(string name) => [.. JsonLinesFile<SearchRecord>.ReadComplete(Path.Combine(folder.Path, name, "search_log.jsonl")).Where(r => r.Objective is not null)];
        var search = Completed("search-seed1");
        Assert.Contains(search, r => r.Predicted is not null);
        Assert.Contains(search, r => r.Edit.StartsWith("reseed", StringComparison.Ordinal)); // patience 1: the full search does reseed
        Assert.All(Completed("search-no_gp-seed1"), r => Assert.Null(r.Predicted));
        Assert.DoesNotContain(Completed("search-no_reseed-seed1"), r => r.Edit.StartsWith("reseed", StringComparison.Ordinal));
        Assert.Contains(Completed("search-no_state_vector-seed1"), r => r.Predicted is not null);

        // The searches start from the same Latin hypercube (at budget 8 nothing screens, so neither does
        // the whole pool, nor is there a specialist mix): its subsets are trained once.
        var warmUps = search.Where(r => r.Round == 0).Select(r => r.SubsetHash).ToHashSet();
        var ablations = Comparison.Ablations.Keys.Select(a => $"search-{a}-seed1").ToList();
        Assert.All(ablations, name => Assert.Subset(warmUps, Completed(name).Where(r => r.Round == 0).Select(r => r.SubsetHash).ToHashSet()));
        var distinct = ablations.Append("search-seed1").SelectMany(Completed).Select(r => r.SubsetHash).Distinct().Count();
        Assert.Equal(distinct, evaluator.Calls);
    }

    [Fact]
    public void With_parallel_several_evaluations_are_in_flight_and_the_budget_is_spent_exactly()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        var evaluator = new ConcurrentEvaluator(world);
        var outcome = new SearchController(Config(10) with { Parallel = 3 }, context, space, evaluator, run.Path, _ => { }).Run();
        var completed = outcome.Records.Where(r => r.Objective is not null).ToList();
        Assert.Equal(10, completed.Count);
        Assert.Equal(10, evaluator.Calls);
        Assert.True(evaluator.MetPartner > 0, "no two evaluations of a batch ever ran at the same time");
        Assert.Equal(completed.Count, completed.Select(r => r.SubsetHash).Distinct().Count());
        Assert.Equal(outcome.Records.Count, outcome.Records.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void A_comparison_with_parallel_evaluations_shares_its_cache_safely_and_writes_each_evaluation_once()
    {
        var (world, context, space) = Setup();
        using var folder = new TempFolder();
        var evaluator = new ConcurrentEvaluator(world);
        var config = Config(10) with { Parallel = 4 };
        var results = new Comparison(config, context, space, evaluator, folder.Path, _ => { }) { Baselines = ["random_search", "full_pool"] }
            .Run([1, 2], world.Subsets["oracle"]).ToDictionary(r => r.Method);
        Assert.True(evaluator.MetPartner > 0, "no two evaluations ever ran at the same time");

        var lines = File.ReadAllLines(Path.Combine(folder.Path, "evaluations.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var keys = lines.Select(l => l.GetProperty("key").GetString()!).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(keys.Count, evaluator.Calls);
        Assert.All(new[] { 1, 2 }, seed => Assert.Equal(10, JsonLinesFileRecords(Path.Combine(folder.Path, $"search-seed{seed}", "search_log.jsonl")).Count(r => r.Objective is not null)));

        // Everything is in the cache: a rerun trains nothing and agrees.
        var calls = evaluator.Calls;
        var again = new Comparison(config, context, space, evaluator, folder.Path, _ => { }) { Baselines = ["random_search", "full_pool"] }.Run([1, 2], world.Subsets["oracle"]);
        Assert.Equal(calls, evaluator.Calls);
        Assert.Equal(results["search"].PerSeed, again.First(r => r.Method == "search").PerSeed);
    }

    private static IReadOnlyList<SearchRecord> JsonLinesFileRecords(string path) => DataSearch.IO.JsonLinesFile<SearchRecord>.ReadComplete(path);

    [Fact]
    public void A_parallel_search_stopped_mid_batch_resumes_without_training_a_subset_twice()
    {
        var (world, context, space) = Setup();
        using var run = new TempFolder();
        using var stop = new CancellationTokenSource();
        var first = new ConcurrentEvaluator(world) { StopAfter = (5, stop) };
        Assert.ThrowsAny<OperationCanceledException>(() => new SearchController(Config(10) with { Parallel = 2 }, context, space, first, run.Path, _ => { }).Run(null, stop.Token));
        var finishedBefore = File.ReadLines(Path.Combine(run.Path, "search_log.jsonl")).Count(l => l.Contains("\"status\":\"ok\"", StringComparison.Ordinal));
        Assert.InRange(finishedBefore, 3, 5);

        var second = new ConcurrentEvaluator(world);
        var outcome = new SearchController(Config(10) with { Parallel = 2 }, context, space, second, run.Path, _ => { }).Run();
        var completed = outcome.Records.Where(r => r.Objective is not null).ToList();
        Assert.Equal(10, completed.Count);
        Assert.Equal(completed.Count, completed.Select(r => r.SubsetHash).Distinct().Count());
        Assert.Equal(10 - finishedBefore, second.Calls);
    }

    [Fact]
    public void A_parallel_search_stopped_mid_batch_finishes_that_batch_and_ends_as_an_uninterrupted_one()
    {
        var (world, context, space) = Setup();
        var config = Config(14) with { Parallel = 2 };
        using var whole = new TempFolder();
        var uninterrupted = Trajectory(new SearchController(config, context, space, new ConcurrentEvaluator(world), whole.Path, _ => { }).Run().Records);
        Assert.Contains(uninterrupted, line => line.Contains(" edit", StringComparison.Ordinal) || line.Split(' ')[1] != "0");

        // Stopped inside the warm-up, inside the probes before the rounds, and inside a round: each time one
        // member of a batch of two is logged and the other is not.
        foreach (var stopAfter in new[] { 4, 9, 12 })
        {
            using var run = new TempFolder();
            using var stop = new CancellationTokenSource();
            var first = new ConcurrentEvaluator(world) { StopAfter = (stopAfter, stop) };
            Assert.ThrowsAny<OperationCanceledException>(() => new SearchController(config, context, space, first, run.Path, _ => { }).Run(null, stop.Token));
            Assert.True(File.Exists(Path.Combine(run.Path, "batch.json")), $"stopped after {stopAfter}: no unfinished batch was kept");

            var notes = new List<string>();
            var resumed = new SearchController(config, context, space, new ConcurrentEvaluator(world), run.Path, notes.Add).Run();
            Assert.Contains(notes, n => n.StartsWith("resuming the unfinished batch", StringComparison.Ordinal));
            Assert.Equal(uninterrupted, Trajectory(resumed.Records));
            Assert.False(File.Exists(Path.Combine(run.Path, "batch.json")));
        }

        // A batch left beside a log that was deleted is not resumed on the new log: the search starts afresh.
        using var replaced = new TempFolder();
        using var halt = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => new SearchController(config, context, space, new ConcurrentEvaluator(world) { StopAfter = (9, halt) }, replaced.Path, _ => { }).Run(null, halt.Token));
        File.Delete(Path.Combine(replaced.Path, "search_log.jsonl"));
        var warnings = new List<string>();
        var afresh = new SearchController(config, context, space, new ConcurrentEvaluator(world), replaced.Path, warnings.Add).Run();
        Assert.Contains(warnings, w => w.Contains("does not continue this search's log", StringComparison.Ordinal));
        Assert.Equal(uninterrupted, Trajectory(afresh.Records));
    }

    [Fact]
    public void A_parallel_search_decides_the_same_whatever_order_its_evaluations_finish_in()
    {
        var (world, context, space) = Setup();
        var config = Config(16) with { Parallel = 2, StagnationPatience = 1 };
        (IReadOnlyList<string> Log, IReadOnlyList<string> Trajectory, List<double> Curve) Run(bool flip)
        {
            using var run = new TempFolder();
            var records = new SearchController(config, context, space, new SlowByHashEvaluator(world, flip), run.Path, _ => { }).Run().Records;
            return ([.. records.Select(r => r.Id)], Trajectory(records), SearchHistory.BestSoFar(records));
        }

        var (one, other) = (Run(flip: false), Run(flip: true));
        Assert.NotEqual(one.Log, other.Log);
        Assert.Equal(one.Trajectory, other.Trajectory);
        Assert.Equal(one.Curve, other.Curve);
    }

    /// <summary>What a search did, whatever order its log holds it in: each record's id, round, edit, subset and score, sorted.</summary>
    private static IReadOnlyList<string> Trajectory(IEnumerable<SearchRecord> records) =>
        [.. records.Select(r => $"{r.Id} {r.Round} {r.Edit} {r.SubsetHash} {r.Objective}").Order(StringComparer.Ordinal)];

    /// <summary>Scores by ground truth after a delay set by the subset's hash (or its opposite): the two members of a batch finish in one order, or the other.</summary>
    private sealed class SlowByHashEvaluator(GeneratedWorld world, bool flip) : IEvaluator
    {
        private readonly GroundTruthEvaluator inner = new(world);
        private int finished;

        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            // A slow call finishes after its batch partner: it waits for the next evaluation to finish,
            // not for a fixed time, which a loaded test host could start the partner after (a lone call
            // or two slow ones give up after half a second).
            var slow = (Selection.Of(request.Subset).Hash()[0] % 2 == 0) ^ flip;
            lock (inner)
            {
                var seen = finished;
                var deadline = DateTime.UtcNow.AddSeconds(0.5);
                while (slow && finished == seen && DateTime.UtcNow < deadline)
                {
                    Monitor.Wait(inner, TimeSpan.FromMilliseconds(50));
                }

                var result = inner.Evaluate(request, progress, cancellationToken);
                finished++;
                Monitor.PulseAll(inner);
                return result;
            }
        }
    }

    /// <summary>Scores by ground truth; the calls of a batch wait briefly for a partner, to show they overlap.</summary>
    private sealed class ConcurrentEvaluator(GeneratedWorld world) : IEvaluator
    {
        private readonly GroundTruthEvaluator inner = new(world);
        private readonly Barrier pair = new(2);
        private int calls;
        private int met;

        public int Calls => calls;

        public int MetPartner => met;

        public (int After, CancellationTokenSource Source)? StopAfter { get; init; }

        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // A timed-out wait withdraws its signal, so a lone call (a batch of one) just goes on. The wait is
            // long until two calls have met once (a loaded test host may start a batch's threads seconds
            // apart) and nothing after that, so the test stays fast.
            var wait = Volatile.Read(ref met) > 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(5);
            if (pair.SignalAndWait(wait))
            {
                Interlocked.Increment(ref met);
            }

            if (Interlocked.Increment(ref calls) > StopAfter?.After)
            {
                StopAfter.Value.Source.Cancel();
                throw new OperationCanceledException(StopAfter.Value.Source.Token);
            }

            lock (inner)
            {
                return inner.Evaluate(request, progress, cancellationToken);
            }
        }
    }
}
