using DataSearch.Pool;
using DataSearch.Recipes;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Recipes;

public class RecipeExecutorTests
{
    /// <summary>40 samples: sources a (even) and b (odd), tags by i % 4, score = i, every fifth one a copy of its predecessor's text.</summary>
    private static (SamplePool Pool, SignalSet Signals) Fixture()
    {
        var rows = Enumerable.Range(0, 40).Select(i =>
        {
            var text = i % 5 == 4 ? $"question {i - 1}" : $"question {i}";
            return (text, $"answer {(i % 5 == 4 ? i - 1 : i)}", i % 2 == 0 ? "a" : "b", $"t{i % 4}");
        }).ToArray();
        var pool = PoolMaker.Make(rows);
        var score = SignalColumn.OfScores("score", [.. Enumerable.Range(0, 40).Select(i => i == 7 ? float.NaN : (float)i)]);
        var input = new SignalInput(pool, "h", []);
        var signals = new SignalSet(40, [
            new SignalBlock("test", 1, string.Empty, [score]),
            new TextSignals().Compute(input, null, default),
            new ExactDuplicates().Compute(input, null, default),
        ]);
        return (pool, signals);
    }

    private static RecipeResult Run(string yaml, SamplePool pool, SignalSet signals, IReadOnlyList<IRecipeHook>? hooks = null) =>
        RecipeExecutor.Run(RecipeReader.Parse(yaml), new RecipeContext(pool, signals, OperatorRegistry.CreateDefault()) { Hooks = hooks ?? [] });

    [Fact]
    public void Top_k_keeps_the_best_scores_and_skips_missing_ones()
    {
        var (pool, signals) = Fixture();
        var result = Run("steps:\n  - op: top_k\n    params: {signal: score, k: 5}\n", pool, signals);
        Assert.Equal([35, 36, 37, 38, 39], result.Selection.ToArray());
        var low = Run("steps:\n  - op: top_k\n    params: {signal: score, k: 8, descending: false}\n", pool, signals);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 8], low.Selection.ToArray());
    }

    [Fact]
    public void Steps_chain_and_the_trace_records_counts_and_hashes()
    {
        var (pool, signals) = Fixture();
        var result = Run("""
            steps:
              - op: source_filter
                params: {include: [a]}
              - op: semantic_dedup
                params: {strategy: exact}
              - op: score_filter
                params: {signal: score, min: 10}
            """, pool, signals);
        // a = even indices; copies are i % 5 == 4 (14, 24, 34 among the evens, duplicating 13, 23, 33 which are odd, so none removed).
        Assert.Equal(Enumerable.Range(10, 30).Where(i => i % 2 == 0), result.Selection.ToArray());
        Assert.Equal([40, 20, 20], result.Trace.Select(t => t.In));
        Assert.Equal([20, 20, 15], result.Trace.Select(t => t.Out));
        Assert.Equal(result.Selection.Hash(), result.Trace[^1].Hash);
    }

    [Fact]
    public void Dedup_keep_policies_pick_the_right_member()
    {
        var (pool, signals) = Fixture();
        var first = Run("steps:\n  - op: semantic_dedup\n    params: {strategy: exact, keep: first}\n", pool, signals).Selection.ToArray();
        var best = Run("steps:\n  - op: semantic_dedup\n    params: {strategy: exact, keep: highest_score, score_signal: score}\n", pool, signals).Selection.ToArray();
        Assert.Equal(32, first.Length);
        Assert.Contains(3, first);
        Assert.DoesNotContain(4, first);
        Assert.Contains(4, best);
        Assert.DoesNotContain(3, best);
    }

    [Fact]
    public void Same_seed_same_subset_other_seed_other_subset()
    {
        var (pool, signals) = Fixture();
        const string Recipe = "seed: {0}\nsteps:\n  - op: random_sample\n    params: {{total_samples: 10}}\n";
        var a = Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, Recipe, 1), pool, signals).Selection;
        var b = Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, Recipe, 1), pool, signals).Selection;
        var c = Run(string.Format(System.Globalization.CultureInfo.InvariantCulture, Recipe, 2), pool, signals).Selection;
        Assert.Equal(10, a.Count);
        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.NotEqual(a.ToArray(), c.ToArray());
    }

    [Fact]
    public void Mixes_honour_weights_and_never_repeat_samples()
    {
        var (pool, signals) = Fixture();
        var result = Run("steps:\n  - op: source_mix\n    params: {source_weights: {a: 3, b: 1}, total_samples: 16}\n", pool, signals);
        var sources = result.Selection.ToArray().GroupBy(pool.GetSourceName).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(12, sources["a"]);
        Assert.Equal(4, sources["b"]);
        // Without a total: the largest exactly proportional subset (20 of a allow 20 + 6.67 → 26).
        Assert.Equal(26, Run("steps:\n  - op: source_mix\n    params: {source_weights: {a: 3, b: 1}}\n", pool, signals).Selection.Count);
        var tags = Run("steps:\n  - op: stratified_sample\n    params: {by: tag, total_samples: 20}\n", pool, signals).Selection.ToArray()
            .GroupBy(i => pool.GetTags(i)[0]).Select(g => g.Count());
        Assert.All(tags, count => Assert.Equal(5, count));
    }

    [Fact]
    public void Branches_unite_intersect_and_subtract()
    {
        var (pool, signals) = Fixture();
        const string Low = "[{op: score_filter, params: {signal: score, max: 9}}]";
        const string Even = "[{op: source_filter, params: {include: [a]}}]";
        int[] Run2(string op) => Run($"steps:\n  - op: {op}\n    params:\n      branches: [{Low}, {Even}]\n", pool, signals).Selection.ToArray();
        var low = Enumerable.Range(0, 10).Where(i => i != 7).ToHashSet();
        var even = Enumerable.Range(0, 40).Where(i => i % 2 == 0).ToHashSet();
        Assert.Equal(low.Union(even).Order(), Run2("union"));
        Assert.Equal(low.Intersect(even).Order(), Run2("intersection"));
        Assert.Equal(Enumerable.Range(0, 40).Except(low).Except(even), Run2("difference"));
    }

    private sealed class Recorder : IRecipeHook
    {
        public List<string> Events { get; } = [];

        public void BeforeRecipe(Recipe recipe, Selection input) => Events.Add($"before recipe {input.Count}");

        public void AfterRecipe(Recipe recipe, RecipeResult result) => Events.Add($"after recipe {result.Selection.Count}");

        public void BeforeStep(string path, RecipeStep step, Selection input) => Events.Add($"before {path} {step.Op}");

        public void AfterStep(StepTrace trace) => Events.Add($"after {trace.Path} {trace.Out}");

        public void OnStepError(string path, RecipeStep step, Exception error) => Events.Add($"error {path}");
    }

    [Fact]
    public void Hooks_observe_every_step_and_errors()
    {
        var (pool, signals) = Fixture();
        var recorder = new Recorder();
        Run("steps:\n  - op: top_k\n    params: {signal: score, k: 4}\n  - op: random_sample\n    params: {total_samples: 2}\n", pool, signals, [recorder]);
        Assert.Equal(["before recipe 40", "before 1 top_k", "after 1 4", "before 2 random_sample", "after 2 2", "after recipe 2"], recorder.Events);

        var failing = new Recorder();
        var error = Assert.Throws<RecipeStepException>(() =>
            Run("steps:\n  - op: source_filter\n    params: {include: [nope]}\n", pool, signals, [failing]));
        Assert.Contains("step 1 (source_filter)", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown source(s) nope", error.Message, StringComparison.Ordinal);
        Assert.Contains("error 1", failing.Events);
    }

    [Fact]
    public void Missing_signals_fail_before_any_step_runs()
    {
        var (pool, signals) = Fixture();
        var recorder = new Recorder();
        var error = Assert.Throws<InvalidRecipeException>(() =>
            Run("steps:\n  - op: top_k\n    params: {signal: score, k: 3}\n  - op: mona_filter\n    params: {fraction: 0.5}\n", pool, signals, [recorder]));
        Assert.Contains("needs signal 'mona:*'", error.Message, StringComparison.Ordinal);
        Assert.Empty(recorder.Events);
    }

    [Theory]
    [InlineData("mona_filter", "mona")]
    [InlineData("relevance_filter", "relevance")]
    [InlineData("embedding_relevance_filter", "embed_relevance")]
    public void Per_benchmark_filters_unite_each_benchmarks_top_fraction(string op, string prefix)
    {
        var (pool, _) = Fixture();
        var x = SignalColumn.OfScores($"{prefix}:x", [.. Enumerable.Range(0, 40).Select(i => (float)i)]);
        var y = SignalColumn.OfScores($"{prefix}:y", [.. Enumerable.Range(0, 40).Select(i => (float)-i)]);
        // A column of another filter's prefix, ranked opposite, must not be read.
        var decoy = SignalColumn.OfScores(prefix == "mona" ? "relevance:x" : "mona:x", [.. Enumerable.Range(0, 40).Select(i => (float)(i % 7))]);
        var signals = new SignalSet(40, [new SignalBlock("block", 1, string.Empty, [x, y, decoy])]);
        var result = Run($"steps:\n  - op: {op}\n    params: {{fraction: 0.1}}\n", pool, signals);
        Assert.Equal([0, 1, 2, 3, 36, 37, 38, 39], result.Selection.ToArray()); // 2 × 10%: the union exceeds the fraction
        Assert.Equal([36, 37, 38, 39], Run($"steps:\n  - op: {op}\n    params: {{fraction: 0.1, benchmarks: [x]}}\n", pool, signals).Selection.ToArray());
    }

    [Fact]
    public void Decontamination_removes_benchmark_questions_and_reports_them()
    {
        var pool = PoolMaker.Make(
            ("rev lante", "etnal"),
            ("Rev  LANTE!", "etnal"),
            ("rev other", "rehto"),
            ("tell me a story: " + string.Join(' ', Enumerable.Range(0, 20).Select(i => $"w{i}")), "ok"));
        var benchmarks = new[] { new TargetSet("reverse", ["rev lante"]), new TargetSet("story", [string.Join(' ', Enumerable.Range(5, 13).Select(i => $"w{i}"))]) };
        var context = new RecipeContext(pool, SignalSet.Empty(4), OperatorRegistry.CreateDefault()) { Benchmarks = benchmarks };
        var result = RecipeExecutor.Run(RecipeReader.Parse("steps:\n  - op: decontaminate\n    params: {ngram: 13}\n"), context);
        Assert.Equal([2], result.Selection.ToArray());
        var details = result.Trace[0].Details;
        Assert.Equal(3, details["removed"]);
        Assert.Equal(2, ((IReadOnlyDictionary<string, int>)details["removed_per_benchmark"]!)["reverse"]);
        Assert.Equal(1, ((IReadOnlyDictionary<string, int>)details["removed_per_benchmark"]!)["story"]);
    }

    [Fact]
    public void State_vector_describes_the_subset_against_the_pool()
    {
        var (pool, signals) = Fixture();
        var all = StateVector.Of(Selection.All(40), pool, signals).Components.ToDictionary();
        Assert.Equal(1, all["scale"]);
        Assert.Equal(0, all["drift_source"], 9);
        Assert.Equal(8 / 40.0, all["duplicate_rate"], 9);
        var evens = StateVector.Of(Selection.Of(Enumerable.Range(0, 40).Where(i => i % 2 == 0)), pool, signals).Components.ToDictionary();
        Assert.Equal(0.5, evens["scale"]);
        // Only source a, against a pool that is half a: JS divergence = 1 − ½·log2(3)·… computed directly.
        var expected = (0.5 * 1 * Math.Log2(1 / 0.75)) + (0.5 * 0.5 * Math.Log2(0.5 / 0.75)) + (0.5 * 0.5 * Math.Log2(0.5 / 0.25));
        Assert.Equal(expected, evens["drift_source"], 9);
    }

    [Fact]
    public void Embedding_dedup_and_semdedup_drop_near_identical_vectors()
    {
        var (pool, _) = Fixture();
        // Vectors: sample i points along axis i % 8; samples sharing an axis are near duplicates (cosine ≈ 1).
        var vectors = new float[40 * 8];
        for (var i = 0; i < 40; i++)
        {
            vectors[(i * 8) + (i % 8)] = 1;
            vectors[(i * 8) + ((i + 1) % 8)] = 0.001f * i;
        }

        var signals = new SignalSet(40, [new SignalBlock("model", 1, string.Empty, [], vectors, 8), new SignalBlock("sae", 1, string.Empty, [], vectors, 8)]);
        var cosine = Run("steps:\n  - op: semantic_dedup\n    params: {strategy: embedding_cosine, threshold: 0.99}\n", pool, signals).Selection.ToArray();
        Assert.Equal(Enumerable.Range(0, 8), cosine);
        var sem = Run("steps:\n  - op: semdedup\n    params: {num_clusters: 8, cosine_threshold: 0.99, seed: 3}\n", pool, signals).Selection.ToArray();
        Assert.Equal(Enumerable.Range(0, 8), sem);
        var loose = Run("steps:\n  - op: semdedup\n    params: {num_clusters: 8, cosine_threshold: 1.0, seed: 3}\n", pool, signals).Selection;
        Assert.True(loose.Count > 8);
    }
}
