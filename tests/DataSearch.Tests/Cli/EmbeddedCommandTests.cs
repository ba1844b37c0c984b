using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Cli;

/// <summary>The commands that train: run with the tiny model profile so that each takes seconds.</summary>
[Collection(nameof(ModelCollection))]
public class EmbeddedCommandTests
{
    [Fact]
    public void World_generate_writes_a_world_that_eval_scores_on_every_benchmark()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var world = temp.File("world");
        var generate = CliRunner.Run("world", "generate", "--seed", "3", "--small", "-o", world);
        Assert.True(generate.ExitCode == ExitCodes.Success, generate.Error);
        Assert.Contains("subsets: oracle", generate.Output);

        var resultPath = temp.File("result.json");
        var eval = CliRunner.Run("eval", "--world", world, "--subset", "oracle", "--model", "tiny", "-o", resultPath);
        Assert.True(eval.ExitCode == ExitCodes.Success, eval.Error);
        Assert.Contains("pre-trained and cached", eval.Error);
        var result = JsonDocument.Parse(File.ReadAllText(resultPath)).RootElement;
        var names = result.GetProperty("scores").EnumerateArray().Select(s => s.GetProperty("benchmark").GetString()).ToList();
        Assert.Equal(WorldStore.ReadManifest(world).Benchmarks.Select(b => b.Name), names);
        Assert.InRange(result.GetProperty("objective").GetDouble(), 0, 100);

        var again = CliRunner.Run("eval", "--pool", Path.Combine(world, "pool"), "--subset", "noisy", "--model", "tiny");
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.Contains("loaded from cache", again.Error);
    }

    [Fact]
    public void World_generate_reads_a_world_config_and_refuses_a_bad_one_before_writing_anything()
    {
        using var temp = new TempFolder();
        var config = temp.File("two-sources.yaml");
        File.WriteAllText(config, "base: small\nsources:\n  - name: arithmetic\n    samples: 300\n    skills: {add: 1}\n  - name: talk\n    samples: 100\n    chatter: 1\n");
        var world = temp.File("world");
        var generate = CliRunner.Run("world", "generate", "--config", config, "--seed", "4", "-o", world);
        Assert.True(generate.ExitCode == ExitCodes.Success, generate.Error);
        var manifest = WorldStore.ReadManifest(world);
        Assert.Equal(4UL, manifest.Seed);
        Assert.Equal(400, manifest.Samples);
        Assert.Equal(["arithmetic", "talk"], manifest.Options.Sources.Select(s => s.Name));

        File.WriteAllText(config, "sources:\n  - name: arithmetic\n    samples: 300\n    skills: {add: 1, algebra: 2}\n");
        var bad = CliRunner.Run("world", "generate", "--config", config, "-o", temp.File("never"));
        Assert.NotEqual(ExitCodes.Success, bad.ExitCode);
        Assert.Contains($"{config}:", bad.Error, StringComparison.Ordinal);
        Assert.Contains("line 4: sources.arithmetic.skills.algebra: not a benchmarked skill", bad.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("never")));
    }

    [Fact]
    public void Eval_reports_unknown_ids_by_line_and_refuses_an_empty_subset()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var world = temp.File("world");
        CliRunner.Run("world", "generate", "--small", "-o", world);
        var unknown = temp.Write("bad.ids", "not-a-sample\n");
        var run = CliRunner.Run("eval", "--world", world, "--subset", unknown, "--model", "tiny");
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("bad.ids:1: sample id 'not-a-sample' is not in the pool", run.Error);

        var empty = temp.Write("empty.ids", "# nothing\n");
        var emptyRun = CliRunner.Run("eval", "--world", world, "--subset", empty, "--model", "tiny");
        Assert.Equal(ExitCodes.Usage, emptyRun.ExitCode);
        Assert.Contains("subset is empty", emptyRun.Error);

        var noWorld = CliRunner.Run("eval", "--pool", temp.Path, "--subset", "oracle");
        Assert.Equal(ExitCodes.Usage, noWorld.ExitCode);
        Assert.Contains("--world", noWorld.Error);
    }
}
