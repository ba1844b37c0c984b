using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Recipes;
using DataSearch.Reports;
using DataSearch.Runs;
using DataSearch.Search;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Cli;

/// <summary>signals / operators / recipe commands on a small world, with the tiny model for the model-side signals.</summary>
[Collection(nameof(ModelCollection))]
public class RecipeCommandTests
{
    [Fact]
    public void Signals_then_every_shipped_recipe_runs_and_reruns_byte_identically()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var world = temp.File("world");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("world", "generate", "--small", "-o", world).ExitCode);

        var before = CliRunner.Run("recipe", "run", Path.Combine(Fixtures.Recipes, "clean-relevant.yaml"), "--world", world, "-o", temp.File("early"));
        Assert.Equal(ExitCodes.Failure, before.ExitCode);
        Assert.Contains("needs signal", before.Error);
        Assert.Contains("signals compute", before.Error);

        var compute = CliRunner.Run("signals", "compute", "--world", world, "--model", "tiny");
        Assert.True(compute.ExitCode == ExitCodes.Success, compute.Error);
        Assert.Contains("computed", compute.Output);
        var again = CliRunner.Run("signals", "compute", "--world", world, "--model", "tiny");
        Assert.DoesNotContain("computed", again.Output);
        Assert.Contains("cached", again.Output);
        var show = CliRunner.Run("signals", "show", "--world", world).Output;
        Assert.Contains("mona:add", show);

        // On a world, each score's power to tell the oracle from the rest, from the hidden ground truth.
        Assert.Contains("AUC oracle", show);
        var oracleCount = DataSearch.World.WorldStore.ReadGroundTruth(world).Count(t => t.InOracle);
        Assert.Contains($"one of the {oracleCount:N0} oracle samples", show);
        Assert.DoesNotContain("AUC oracle", CliRunner.Run("signals", "show", "--pool", Path.Combine(world, "pool")).Output);

        var recipes = Directory.GetFiles(Fixtures.Recipes).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Where(f => !f.EndsWith("operator_catalog.yaml", StringComparison.Ordinal)).ToList();
        Assert.True(recipes.Count >= 4);
        foreach (var recipe in recipes)
        {
            var name = Path.GetFileNameWithoutExtension(recipe);
            var first = CliRunner.Run("recipe", "run", recipe, "--world", world, "-o", temp.File($"{name}-1"));
            Assert.True(first.ExitCode == ExitCodes.Success, $"{name}: {first.Error}");
            var second = CliRunner.Run("recipe", "run", recipe, "--world", world, "-o", temp.File($"{name}-2"));
            Assert.True(second.ExitCode == ExitCodes.Success, second.Error);
            foreach (var file in new[] { "subset.ids", "manifest.json", "state_vector.json", "recipe.json" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(temp.File($"{name}-1"), file)), File.ReadAllBytes(Path.Combine(temp.File($"{name}-2"), file)));
            }

            var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File($"{name}-1"), "manifest.json"))).RootElement;
            var ids = File.ReadAllLines(Path.Combine(temp.File($"{name}-1"), "subset.ids"));
            Assert.Equal(ids.Length, manifest.GetProperty("subset_samples").GetInt32());
            Assert.InRange(ids.Length, 1, manifest.GetProperty("pool_samples").GetInt32() - 1);
            var trace = JsonDocument.Parse(File.ReadAllText(Path.Combine(temp.File($"{name}-1"), "trace.json"))).RootElement;
            Assert.Equal(ids.Length, trace[trace.GetArrayLength() - 1].GetProperty("out").GetInt32());
        }
    }

    [Fact]
    public void Validate_points_at_the_wrong_line_and_exits_with_failure()
    {
        using var temp = new TempFolder();
        var bad = temp.Write("bad.yaml", "steps:\n  - op: ifd_filter\n    params: {fraction: 2}\n");
        var run = CliRunner.Run("recipe", "validate", bad);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("bad.yaml:3: step 1 (ifd_filter), parameter 'fraction': 2 is out of range", run.Error);
        var good = CliRunner.Run("recipe", "validate", Path.Combine(Fixtures.Recipes, "branches.json"));
        Assert.True(good.ExitCode == ExitCodes.Success, good.Error);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("recipe", "validate", temp.File("missing.yaml")).ExitCode);
    }

    [Fact]
    public void Operators_list_shows_every_registered_operator()
    {
        var run = CliRunner.Run("operators", "list", "--json");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var listed = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().Select(o => o.GetProperty("name").GetString()).ToList();
        Assert.Equal(OperatorRegistry.CreateDefault().All.Select(o => o.Name), listed);
        Assert.Contains("mona_filter", CliRunner.Run("operators", "list").Output);
    }

    [Fact]
    public void Compare_writes_every_method_with_the_tiny_model()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var world = temp.File("world");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("world", "generate", "--small", "-o", world).ExitCode);
        var config = temp.Write("c.yaml", $"world: {world}\nmax_evaluations: 3\nn_lhs_seeds: 2\nmodel: tiny\ncandidates_per_round: 20\nmin_subset_fraction: 0.05\n");
        var run = CliRunner.Run("compare", "--config", config, "--seeds", "2", "-o", temp.File("cmp"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var methods = JsonDocument.Parse(File.ReadAllText(temp.File("cmp/compare.json"))).RootElement.GetProperty("methods").EnumerateArray()
            .ToDictionary(m => m.GetProperty("method").GetString()!, m => m.GetProperty("per_seed").GetArrayLength());
        foreach (var method in new[] { "search", "random_search", "random_top_k", "full_pool", "oracle", "single:quality_filter" })
        {
            Assert.Equal(2, methods[method]);
        }

        Assert.True(File.ReadAllLines(temp.File("cmp/evaluations.jsonl")).Length > 0);
    }

    [Fact]
    public void Compare_runs_only_the_methods_asked_for_and_refuses_an_unknown_one_before_anything_runs()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var world = temp.File("world");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("world", "generate", "--small", "-o", world).ExitCode);
        // Scored by a command (by the subset's size): the whole pool scores best, and quickly.
        WriteSizeScorer(temp);
        var config = temp.Write("c.yaml", $"world: {world}\nmax_evaluations: 12\nn_lhs_seeds: 1\npool_probe: true\nmodel: tiny\ncandidates_per_round: 10\nmin_subset_fraction: 0.05\nevaluator:\n  kind: command\n  commands:\n    - sh score.sh {{subset_ids}} {{result}}\n");

        var unknown = CliRunner.Run("compare", "--config", config, "--seeds", "1", "-o", temp.File("bad"), "--methods", "full_pool,ablation:no_gpu");
        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Contains("'ablation:no_gpu'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("ablation:no_pool_probe", unknown.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("bad")));

        var run = CliRunner.Run("compare", "--config", config, "--seeds", "1", "-o", temp.File("cmp"), "--methods", "full_pool,ablation:no_pool_probe", "--rescore");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var written = JsonDocument.Parse(File.ReadAllText(temp.File("cmp/compare.json"))).RootElement.GetProperty("methods").EnumerateArray().ToList();
        var methods = written.ToDictionary(m => m.GetProperty("method").GetString()!, m => m.GetProperty("mean").GetDouble());
        Assert.Equal(["ablation:no_pool_probe", "full_pool", "search"], methods.Keys.Order(StringComparer.Ordinal));

        // --rescore: every final subset trained again with seed 1001; this scorer reads only the subset's size.
        Assert.All(written, m => Assert.Equal(m.GetProperty("per_seed")[0].GetDouble(), m.GetProperty("rescored_per_seed")[0].GetDouble(), 3)); // the search log keeps 4 decimals
        Assert.Contains("fresh seed", run.Output, StringComparison.Ordinal);
        Assert.Contains(File.ReadLines(temp.File("cmp/evaluations.jsonl")), l => l.Contains(":1001\"", StringComparison.Ordinal));

        // The search probed the whole pool (its best here, shared with full_pool through the cache); the ablation did not.
        string Edits(string folder) => string.Join('\n', SearchReport.Records(temp.File($"cmp/{folder}")).Select(r => r.Edit));
        Assert.Contains(SearchProbes.WholePoolEdit, Edits("search-seed1"), StringComparison.Ordinal);
        Assert.DoesNotContain(SearchProbes.WholePoolEdit, Edits("search-no_pool_probe-seed1"), StringComparison.Ordinal);
        Assert.Equal(methods["full_pool"], methods["search"], 0.001);

        // The table ends with the search against the strongest baseline (not an ablation), re-trained scores here.
        Assert.Contains("strongest baseline full_pool", run.Output, StringComparison.Ordinal);
        Assert.Contains("search − full_pool, seed by seed: 0.0 (mean 0.0)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_reuses_evaluations_of_another_comparison_made_with_the_same_data_and_evaluator_and_refuses_any_other()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var world = temp.File("world");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("world", "generate", "--small", "-o", world).ExitCode);
        // Scored by the subset's size; each training leaves a line in trained.log.
        WriteSizeScorer(temp);
        File.AppendAllText(temp.File("score.sh"), "\necho \"$1\" >> trained.log\n");
        string Config(string name, string extra, string script = "score.sh") => temp.Write(name, $"world: {world}\nmax_evaluations: 6\nn_lhs_seeds: 2\nmodel: tiny\ncandidates_per_round: 10\nmin_subset_fraction: 0.05\n{extra}evaluator:\n  kind: command\n  commands:\n    - sh {script} {{subset_ids}} {{result}}\n");
        int Trained()
        {
            var count = File.Exists(temp.File("trained.log")) ? File.ReadAllLines(temp.File("trained.log")).Length : 0;
            File.Delete(temp.File("trained.log"));
            return count;
        }

        string[] Compare(string config, string output, params string[] more) =>
            ["compare", "--config", config, "--seeds", "1", "-o", temp.File(output), "--methods", "best_single_source,full_pool,random_top_k", .. more];
        var first = CliRunner.Run(Compare(Config("a.yaml", string.Empty), "a"));
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        var trainedFirst = Trained();

        // A variant of the search beside the same baselines: what the first comparison trained is not trained again.
        // The first was made by another build (as if): named, not refused.
        var firstFingerprint = temp.File($"a/{RunFingerprint.FileName}");
        File.WriteAllText(firstFingerprint, File.ReadAllText(firstFingerprint).Replace(RunFingerprint.CurrentBuild, "0.9.0+older", StringComparison.Ordinal));
        var variantConfig = Config("b.yaml", "specialist_mix: false\nstagnation_patience: 1\n");
        var variant = CliRunner.Run(Compare(variantConfig, "b", "--reuse", temp.File("a")));
        Assert.True(variant.ExitCode == ExitCodes.Success, variant.Error);
        var trainedVariant = Trained();
        Assert.True(trainedVariant < trainedFirst, $"{trainedVariant} trainings with --reuse, {trainedFirst} without");
        Assert.Contains("reuse: ", variant.Error, StringComparison.Ordinal);
        Assert.Contains($"made with build 0.9.0+older, this is {RunFingerprint.CurrentBuild}", variant.Error, StringComparison.Ordinal);
        double Mean(string folder, string method) => JsonDocument.Parse(File.ReadAllText(temp.File($"{folder}/compare.json"))).RootElement.GetProperty("methods").EnumerateArray()
            .Single(m => m.GetProperty("method").GetString() == method).GetProperty("mean").GetDouble();
        Assert.Equal(Mean("a", "best_single_source"), Mean("b", "best_single_source"));
        Assert.Equal(Mean("a", "full_pool"), Mean("b", "full_pool"));

        // The variant's own file holds every evaluation its results rest on: rerun without --reuse, it trains nothing.
        Assert.Equal(ExitCodes.Success, CliRunner.Run(Compare(variantConfig, "b")).ExitCode);
        Assert.Equal(0, Trained());

        // Another evaluator: refused, naming it, before anything is written.
        File.Copy(temp.File("score.sh"), temp.File("score2.sh"));
        var other = CliRunner.Run(Compare(Config("c.yaml", string.Empty, "score2.sh"), "c", "--reuse", temp.File("a")));
        Assert.Equal(ExitCodes.Usage, other.ExitCode);
        Assert.Contains("evaluator.commands", other.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("c")));
        Assert.Equal(ExitCodes.Usage, CliRunner.Run(Compare(variantConfig, "d", "--reuse", temp.File("nothing"))).ExitCode);
    }

    [Fact]
    public void Compare_over_a_zoo_reports_each_method_as_a_share_of_each_worlds_oracle_and_refuses_a_changed_world()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var specialists = temp.Write("specialists.yaml", "base: small\nbenchmark_size: 10\nsources:\n  - {name: arith, samples: 300, skills: {add: 1, count: 1}}\n  - {name: words, samples: 300, skills: {reverse: 1, sort: 1}}\n  - {name: talk, samples: 200, chatter: 1}\n");
        var noisy = temp.Write("noisy.yaml", "base: small\nbenchmark_size: 10\nsources:\n  - {name: a, samples: 500, wrong_answer: 0.3}\n  - {name: b, samples: 300, wrong_answer: 0.5}\n");
        // Scored by a command (by the subset's size), so every world's oracle scores above 0 at once.
        WriteSizeScorer(temp);
        var config = temp.Write("c.yaml", "world: unused\nmax_evaluations: 2\nn_lhs_seeds: 1\nmodel: tiny\ncandidates_per_round: 10\nmin_subset_fraction: 0.05\nevaluator:\n  kind: command\n  commands:\n    - sh score.sh {subset_ids} {result}\n");
        var run = CliRunner.Run("compare", "--config", config, "--seeds", "2", "-o", temp.File("zoo"), "--worlds", $"{specialists},{noisy}");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        // Seed-major: both worlds get seed 1 before either gets seed 2.
        var passes = run.Error.Split('\n').Where(l => l.StartsWith("world ", StringComparison.Ordinal)).Select(l => l.Split(':')[0]).ToList();
        Assert.Equal(["world specialists (1 of 2), seed 1 (1 of 2)", "world noisy (2 of 2), seed 1 (1 of 2)", "world specialists (1 of 2), seed 2 (2 of 2)", "world noisy (2 of 2), seed 2 (2 of 2)"], passes);

        var zoo = JsonDocument.Parse(File.ReadAllText(temp.File("zoo/zoo.json"))).RootElement;
        Assert.True(zoo.GetProperty("complete").GetBoolean());
        Assert.Contains("search − ", run.Output, StringComparison.Ordinal); // against the strongest baseline, seed by seed
        Assert.Equal(["specialists", "noisy"], zoo.GetProperty("worlds").EnumerateArray().Select(w => w.GetString()));
        var methods = zoo.GetProperty("methods").EnumerateArray().ToDictionary(m => m.GetProperty("method").GetString()!);
        Assert.Contains("search", methods.Keys);
        foreach (var world in new[] { "specialists", "noisy" })
        {
            var perWorld = JsonDocument.Parse(File.ReadAllText(temp.File($"zoo/{world}/compare.json"))).RootElement.GetProperty("methods").EnumerateArray()
                .ToDictionary(m => m.GetProperty("method").GetString()!, m => m.GetProperty("per_seed"));
            foreach (var (method, entry) in methods)
            {
                for (var seed = 0; seed < 2; seed++)
                {
                    var percent = entry.GetProperty("per_world").GetProperty(world)[seed].GetDouble();
                    Assert.Equal(100 * perWorld[method][seed].GetDouble() / perWorld["oracle"][seed].GetDouble(), percent, 0.02); // both files round
                }
            }
        }

        var mean = methods["full_pool"].GetProperty("zoo_mean_percent_of_oracle").GetDouble();
        Assert.Equal(methods["full_pool"].GetProperty("per_world").EnumerateObject().Average(w => (w.Value[0].GetDouble() + w.Value[1].GetDouble()) / 2), mean, 0.02);

        // Fresh worlds for a headline: the same files, another seed, in another folder; some methods only
        // (the oracle runs regardless: the percentages need it).
        var fresh = CliRunner.Run("compare", "--config", config, "--seeds", "1", "--first-seed", "101", "-o", temp.File("fresh"), "--worlds", specialists, "--world-seed", "9", "--methods", "full_pool", "--rescore");
        Assert.True(fresh.ExitCode == ExitCodes.Success, fresh.Error);
        var freshZoo = JsonDocument.Parse(File.ReadAllText(temp.File("fresh/zoo.json"))).RootElement;
        Assert.Equal(["full_pool", "oracle", "search"], freshZoo.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("method").GetString()).Order(StringComparer.Ordinal));
        // Rescored with seed 1101, as percentages of the rescored oracle (this scorer reads only sizes: the same).
        Assert.All(freshZoo.GetProperty("methods").EnumerateArray(), m => Assert.Equal(m.GetProperty("zoo_mean_percent_of_oracle").GetDouble(), m.GetProperty("zoo_mean_percent_of_oracle_rescored").GetDouble(), 1));
        Assert.Contains("fresh seed", fresh.Output, StringComparison.Ordinal);
        Assert.Equal([101UL], freshZoo.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
        // One seed has no spread to report; two seeds do.
        Assert.All(freshZoo.GetProperty("methods").EnumerateArray(), m => Assert.Equal(JsonValueKind.Null, m.GetProperty("zoo_seed_spread").ValueKind));
        Assert.Equal(JsonValueKind.Number, methods["full_pool"].GetProperty("zoo_seed_spread").ValueKind);
        Assert.Contains("% of the oracle, one seed", fresh.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("± 0.0", fresh.Output, StringComparison.Ordinal);
        Assert.Equal([101UL], JsonDocument.Parse(File.ReadAllText(temp.File("fresh/specialists/compare.json"))).RootElement.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
        Assert.Equal([1UL, 2UL], zoo.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
        Assert.Equal(9UL, WorldStore.ReadManifest(temp.File("fresh/worlds/specialists")).Seed);
        Assert.Equal(1UL, WorldStore.ReadManifest(temp.File("zoo/worlds/specialists")).Seed);

        // The two zoo runs pooled: the world and methods both hold, seeds 1, 2 and 101 side by side.
        var merge = CliRunner.Run("compare", "merge", temp.File("zoo"), temp.File("fresh"), "-o", temp.File("merged.json"));
        Assert.True(merge.ExitCode == ExitCodes.Success, merge.Error);
        var merged = JsonDocument.Parse(File.ReadAllText(temp.File("merged.json"))).RootElement;
        Assert.Equal([1UL, 2UL, 101UL], merged.GetProperty("seeds").EnumerateArray().Select(s => s.GetUInt64()));
        Assert.Equal(["specialists"], merged.GetProperty("worlds").EnumerateArray().Select(w => w.GetString()));
        var pooledFull = merged.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("method").GetString() == "full_pool").GetProperty("per_world").GetProperty("specialists");
        var freshFull = freshZoo.GetProperty("methods").EnumerateArray().Single(m => m.GetProperty("method").GetString() == "full_pool").GetProperty("per_world").GetProperty("specialists");
        Assert.Equal([.. methods["full_pool"].GetProperty("per_world").GetProperty("specialists").EnumerateArray().Select(v => v.GetDouble()), freshFull[0].GetDouble()], pooledFull.EnumerateArray().Select(v => v.GetDouble()));
        Assert.Contains("world noisy: only in", merge.Output, StringComparison.Ordinal);

        // A world file edited after its world was made is refused, not mixed into the same folder.
        File.WriteAllText(noisy, "base: small\nbenchmark_size: 10\nsources:\n  - {name: a, samples: 500, wrong_answer: 0.1}\n");
        var changed = CliRunner.Run("compare", "--config", config, "--seeds", "1", "-o", temp.File("zoo"), "--worlds", $"{specialists},{noisy}");
        Assert.NotEqual(ExitCodes.Success, changed.ExitCode);
        Assert.Contains("made from other options", changed.Error, StringComparison.Ordinal);
    }

    /// <summary>Writes score.sh: a command evaluator's script that scores a subset by its size alone (100·n/(n + 500)), in milliseconds.</summary>
    private static void WriteSizeScorer(TempFolder temp) => File.WriteAllText(temp.File("score.sh"), """
        #!/bin/sh
        n=$(grep -c . "$1")
        awk -v n="$n" 'BEGIN { printf "{\"benchmarks\": [{\"name\": \"size\", \"score\": %.6f}]}\n", 100 * n / (n + 500) }' > "$2"
        """);
}
