using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Recipes;
using DataSearch.Tests.Support;

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
}
