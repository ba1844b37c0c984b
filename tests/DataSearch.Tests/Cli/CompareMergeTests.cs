using System.Text.Json;
using System.Text.Json.Nodes;
using DataSearch.Cli;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

/// <summary><c>compare merge</c>: zoo comparisons run one at a time, pooled world by world.</summary>
public class CompareMergeTests
{
    [Fact]
    public void Two_zoo_runs_pool_their_seeds_per_world_and_leave_out_what_only_one_holds()
    {
        using var temp = new TempFolder();
        // Run A: seed 11, worlds w1 and w2; w1 already holds a second pass's seed 12, which zoo.json does not count yet.
        WriteZooSummary(temp.File("a"), [11], ["w1", "w2"], complete: false);
        WriteComparison(temp.File("a/w1"), [11, 12], new() { ["oracle"] = [80, 70], ["search"] = [60, 10], ["random_search"] = [40, 10] }, rescored: new() { ["oracle"] = [78, 70], ["search"] = [62, 10] });
        WriteComparison(temp.File("a/w2"), [11], new() { ["oracle"] = [50], ["search"] = [45], ["random_search"] = [40], ["ablation:x"] = [44] });
        // Run B: seed 21, no zoo.json (run world by world), a third world only it has.
        WriteComparison(temp.File("b/w1"), [21], new() { ["oracle"] = [40], ["search"] = [40], ["random_search"] = [20] }, rescored: new() { ["oracle"] = [40], ["search"] = [30] });
        WriteComparison(temp.File("b/w2"), [21], new() { ["oracle"] = [100], ["search"] = [90], ["random_search"] = [95] });
        WriteComparison(temp.File("b/w3"), [21], new() { ["oracle"] = [1], ["search"] = [1] });

        var output = temp.File("merged.json");
        var run = CliRunner.Run("compare", "merge", temp.File("a"), temp.File("b"), "-o", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Output);

        var merged = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal([11UL, 21UL], merged["seeds"]!.AsArray().Select(s => s!.GetValue<ulong>()));
        Assert.Equal(["w1", "w2"], merged["worlds"]!.AsArray().Select(w => w!.GetValue<string>()));
        Assert.False(merged["complete"]!.GetValue<bool>());
        var methods = merged["methods"]!.AsArray().ToDictionary(m => m!["method"]!.GetValue<string>());
        Assert.Equal(["oracle", "random_search", "search"], methods.Keys.Order(StringComparer.Ordinal));

        // Each seed as a percentage of its own oracle; seed 12 of run A is not pooled.
        var search = methods["search"]!;
        Assert.Equal([100.0 * 60 / 80, 100.0 * 40 / 40], PerWorld(search, "w1"), new Close());
        Assert.Equal([100.0 * 45 / 50, 100.0 * 90 / 100], PerWorld(search, "w2"), new Close());
        var perSeed = new[] { ((100.0 * 60 / 80) + (100.0 * 45 / 50)) / 2, ((100.0 * 40 / 40) + (100.0 * 90 / 100)) / 2 };
        Assert.Equal(perSeed.Average(), search["zoo_mean_percent_of_oracle"]!.GetValue<double>(), 2);

        // Rescored only where every run rescored: w2 was never rescored, so there is no rescored zoo mean.
        Assert.Null(search["zoo_mean_percent_of_oracle_rescored"]);
        var left = merged["left_out"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Contains(left, l => l.StartsWith("world w3: only in", StringComparison.Ordinal));
        Assert.Contains(left, l => l.StartsWith("ablation:x on w2: only in", StringComparison.Ordinal));
        Assert.Equal(2, merged["runs"]!.AsArray().Count);

        // The console says the same, with the search against the strongest baseline seed by seed.
        var randomPerSeed = new[] { ((100.0 * 40 / 80) + (100.0 * 40 / 50)) / 2, ((100.0 * 20 / 40) + (100.0 * 95 / 100)) / 2 };
        Assert.Contains("strongest baseline random_search", run.Output);
        Assert.DoesNotContain("settings differ", run.Output); // no fingerprints: nothing to compare
        Assert.Contains($"{perSeed[0] - randomPerSeed[0]:+0.0} / {perSeed[1] - randomPerSeed[1]:+0.0}".Replace("-", "−", StringComparison.Ordinal), run.Output);
    }

    [Fact]
    public void Rescored_scores_are_also_taken_against_the_mean_of_the_oracles_two_trainings()
    {
        using var temp = new TempFolder();
        // On w1 the oracle's second training fell 20 points (one training's seed noise): against it alone
        // the search would reach 100 %.
        WriteComparison(temp.File("a/w1"), [1], new() { ["oracle"] = [80], ["search"] = [70], ["full_pool"] = [50] }, rescored: new() { ["oracle"] = [60], ["search"] = [60], ["full_pool"] = [40] });
        WriteComparison(temp.File("a/w2"), [1], new() { ["oracle"] = [50], ["search"] = [45], ["full_pool"] = [40] }, rescored: new() { ["oracle"] = [50], ["search"] = [40], ["full_pool"] = [45] });

        var output = temp.File("merged.json");
        var run = CliRunner.Run("compare", "merge", temp.File("a"), "-o", output, "--markdown");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Output);

        var methods = JsonNode.Parse(File.ReadAllText(output))!["methods"]!.AsArray().ToDictionary(m => m!["method"]!.GetValue<string>());
        double[] search = [100.0 * 60 / ((80 + 60) / 2.0), 100.0 * 40 / 50];
        Assert.Equal([search[0]], BothTrainings(methods["search"]!, "w1"), new Close());
        Assert.Equal([search[1]], BothTrainings(methods["search"]!, "w2"), new Close());
        Assert.Equal(search.Average(), methods["search"]!["zoo_mean_percent_of_both_oracle_trainings_rescored"]!.GetValue<double>(), 2);
        Assert.Equal([100.0 * 60 / 70], BothTrainings(methods["oracle"]!, "w1"), new Close());
        Assert.Equal(((100.0 * 60 / 60) + (100.0 * 40 / 50)) / 2, methods["search"]!["zoo_mean_percent_of_oracle_rescored"]!.GetValue<double>(), 2);

        var full = ((100.0 * 40 / 70) + (100.0 * 45 / 50)) / 2;
        Assert.Contains(FormattableString.Invariant($"search {search.Average():0.0} %, full_pool {full:0.0} %, the oracle rescored {((100.0 * 60 / 70) + 100) / 2:0.0} %"), run.Output);
        Assert.Contains("rescored, % of the mean of the oracle's two trainings", run.Output);
    }

    [Fact]
    public void Runs_whose_settings_differ_are_pooled_with_a_warning_naming_each_difference_the_builds_and_the_machines()
    {
        using var temp = new TempFolder();
        foreach (var (folder, seed) in new[] { ("a", 1UL), ("b", 2UL) })
        {
            foreach (var world in new[] { "w1", "w2" })
            {
                var methods = new Dictionary<string, double[]> { ["oracle"] = [50], ["search"] = [40] };
                if (folder == "b")
                {
                    methods["ablation:y"] = [30];
                }

                WriteComparison(temp.File($"{folder}/{world}"), [seed], methods);
            }
        }

        // Run a started before filter_probes existed; b has it. The world differs by design; the rest is equal.
        WriteFingerprint(temp.File("a/w1"), new() { ["world"] = "\"a/worlds/w1\"", ["specialist_mix"] = "true", ["seed"] = "1" }, ["1.0.0+aaa"], ["x64 avx512, 16 cpus"]);
        WriteFingerprint(temp.File("b/w1"), new() { ["world"] = "\"b/worlds/w1\"", ["specialist_mix"] = "true", ["seed"] = "1", ["filter_probes"] = "[\"answer_agreement_filter\"]" }, ["1.0.0+bbb"], ["x64 avx2, 2 cpus"]);

        var output = temp.File("merged.json");
        var run = CliRunner.Run("compare", "merge", temp.File("a"), temp.File("b"), "-o", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Output);
        Assert.Contains("the runs' settings differ", run.Output);
        var expected = $"filter_probes: not a setting yet in {temp.File("a")}; [\"answer_agreement_filter\"] in {temp.File("b")}";
        Assert.Contains(expected, run.Output);
        Assert.Contains($"builds: {temp.File("a")}: 1.0.0+aaa; {temp.File("b")}: 1.0.0+bbb", run.Output);
        Assert.Contains($"machines: {temp.File("a")}: x64 avx512, 16 cpus; {temp.File("b")}: x64 avx2, 2 cpus", run.Output);
        Assert.Contains($"left out: ablation:y on every world: only in {temp.File("b")}", run.Output); // one line, not one per world

        var merged = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal([expected], merged["setting_differences"]!.AsArray().Select(d => d!.GetValue<string>()));
        Assert.Equal(["1.0.0+aaa"], merged["runs"]![0]!["builds"]!.AsArray().Select(b => b!.GetValue<string>()));
        Assert.Equal(["x64 avx2, 2 cpus"], merged["runs"]![1]!["machines"]!.AsArray().Select(b => b!.GetValue<string>()));

        // Runs with the same settings pool without a warning.
        WriteFingerprint(temp.File("a/w1"), new() { ["world"] = "\"a/worlds/w1\"", ["specialist_mix"] = "true", ["seed"] = "1", ["filter_probes"] = "[\"answer_agreement_filter\"]" }, ["1.0.0+bbb"], ["x64 avx2, 2 cpus"]);
        var same = CliRunner.Run("compare", "merge", temp.File("a"), temp.File("b"));
        Assert.True(same.ExitCode == ExitCodes.Success, same.Error + same.Output);
        Assert.DoesNotContain("settings differ", same.Output);
        Assert.DoesNotContain("machines:", same.Output);
    }

    [Fact]
    public void Runs_that_cannot_be_pooled_are_refused_with_what_is_wrong()
    {
        using var temp = new TempFolder();
        WriteComparison(temp.File("a/w1"), [1], new() { ["oracle"] = [50], ["search"] = [40] });
        WriteComparison(temp.File("b/w1"), [2], new() { ["oracle"] = [50], ["search"] = [40] }, budget: 16);
        Directory.CreateDirectory(temp.File("empty"));

        var budgets = CliRunner.Run("compare", "merge", temp.File("a"), temp.File("b"));
        Assert.Equal(ExitCodes.Usage, budgets.ExitCode);
        Assert.Contains("different budgets", budgets.Error);

        var empty = CliRunner.Run("compare", "merge", temp.File("a"), temp.File("empty"));
        Assert.Equal(ExitCodes.Usage, empty.ExitCode);
        Assert.Contains("no world folder with a compare.json", empty.Error);

        var twice = CliRunner.Run("compare", "merge", temp.File("a"), temp.File("a"));
        Assert.Equal(ExitCodes.Usage, twice.ExitCode);
        Assert.Contains("given twice", twice.Error);

        File.WriteAllText(temp.File("b/w1/compare.json"), "{\"seeds\": [2], \"budget\": 12, \"methods\": [{\"method\": \"search\"");
        var broken = CliRunner.Run("compare", "merge", temp.File("a"), temp.File("b"));
        Assert.NotEqual(ExitCodes.Success, broken.ExitCode);
        Assert.Contains(temp.File("b/w1/compare.json"), broken.Error);
    }

    private static IEnumerable<double> PerWorld(JsonNode method, string world) =>
        method["per_world"]![world]!.AsArray().Select(v => v!.GetValue<double>());

    private static IEnumerable<double> BothTrainings(JsonNode method, string world) =>
        method["per_world_of_both_oracle_trainings_rescored"]![world]!.AsArray().Select(v => v!.GetValue<double>());

    private static void WriteZooSummary(string folder, ulong[] seeds, string[] worlds, bool complete)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "zoo.json"), JsonSerializer.Serialize(new { seeds, budget = 12, complete, worlds }));
    }

    private static void WriteFingerprint(string folder, Dictionary<string, string> settings, string[] builds, string[]? machines = null) =>
        File.WriteAllText(Path.Combine(folder, "fingerprint.json"), JsonSerializer.Serialize(new { settings, data = new Dictionary<string, string>(), builds, machines = machines ?? [] }));

    private static void WriteComparison(string folder, ulong[] seeds, Dictionary<string, double[]> perSeed, Dictionary<string, double[]>? rescored = null, int budget = 12)
    {
        Directory.CreateDirectory(folder);
        var methods = perSeed.Select(m => new { method = m.Key, mean = m.Value.Average(), per_seed = m.Value, rescored_per_seed = rescored?.GetValueOrDefault(m.Key) });
        File.WriteAllText(Path.Combine(folder, "compare.json"), JsonSerializer.Serialize(new { seeds, budget, methods }));
    }

    // Percentages are rounded to two decimals in the file.
    private sealed class Close : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 0.006;

        public int GetHashCode(double obj) => 0;
    }
}
