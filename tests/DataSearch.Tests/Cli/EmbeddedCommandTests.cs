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
