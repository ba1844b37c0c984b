using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Evaluation;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Cli;

/// <summary>
/// The proxy evaluator from the command line on a user's own files: <c>eval --environment</c> with
/// <c>evaluator: {kind: proxy}</c>, then <c>search</c> spending its budget on proxy evaluations, with the
/// built-in world forbidden.
/// </summary>
[Collection(nameof(ModelCollection))]
public class ProxyCommandTests
{
    private const string Config = """
        environment:
          kind: files
          pool: pool
          benchmarks:
            - path: sums.jsonl
        evaluator:
          kind: proxy
          proxy: {size: tiny, items: 10}
        max_evaluations: 2
        n_lhs_seeds: 2
        model: tiny
        """;

    private static void WriteUserData(TempFolder temp)
    {
        File.WriteAllLines(temp.File("arith.jsonl"), Enumerable.Range(0, 60).Select(i =>
            JsonSerializer.Serialize(new { instruction = $"Add {i} and {i % 7}.", input = "", output = $"{i} + {i % 7} = {i + (i % 7)}\n#### {i + (i % 7)}" })));
        File.WriteAllLines(temp.File("shout.jsonl"), [
            .. Enumerable.Range(0, 60).Select(i => JsonSerializer.Serialize(new { instruction = $"Write in capitals: word{i}", input = "", output = $"WORD{i}" })),
            // A benchmark question copied into the pool: decontamination keeps it out of training.
            JsonSerializer.Serialize(new { instruction = "Tom has 4 apples and finds 7 more on the way home. How many apples does he have?", input = "", output = "11" }),
        ]);
        File.WriteAllLines(temp.File("sums.jsonl"), Enumerable.Range(0, 30).Select(i =>
            JsonSerializer.Serialize(new { question = $"Tom has {i} apples and finds {i + 3} more on the way home. How many apples does he have?", answer = $"{i} + {i + 3} = {(2 * i) + 3}\n#### {(2 * i) + 3}" })));
    }

    [Fact]
    public void Eval_and_search_score_a_files_pool_with_the_proxy()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        WriteUserData(temp);
        var config = temp.Write("search.yaml", Config);

        using (WorldAccess.Forbid("a files environment must not read the built-in world"))
        {
            var import = CliRunner.Run("pool", "import", temp.File("arith.jsonl"), temp.File("shout.jsonl"), "-o", temp.File("pool"));
            Assert.True(import.ExitCode == ExitCodes.Success, import.Error);

            var evaluated = CliRunner.Run("eval", "--environment", config, "--subset", "full", "-o", temp.File("full.json"), "--result", temp.File("result.json"));
            Assert.True(evaluated.ExitCode == ExitCodes.Success, evaluated.Error);
            Assert.Contains("bits/byte", evaluated.Output);
            Assert.Contains("decontamination: 1 pool samples overlap benchmark questions", evaluated.Error);
            var (scores, objective, _) = ResultFile.Read(temp.File("result.json"));
            var sums = Assert.Single(scores);
            Assert.Equal(10, sums.Items);
            Assert.NotNull(sums.BitsPerByte);
            Assert.Equal(100 * Math.Pow(2, -sums.BitsPerByte!.Value), objective, precision: 6);
            var written = JsonDocument.Parse(File.ReadAllText(temp.File("full.json"))).RootElement;
            Assert.Equal(sums.BitsPerByte!.Value, written.GetProperty("scores")[0].GetProperty("bits_per_byte").GetDouble(), precision: 9);

            // A pool smaller than the smallest subset worth training on is refused up front, not searched in vain.
            var tooSmall = CliRunner.Run("search", "--config", config, "-o", temp.File("refused"));
            Assert.NotEqual(ExitCodes.Success, tooSmall.ExitCode);
            Assert.Contains("min_subset_samples: 200 is more than the pool's 121 samples", tooSmall.Error);

            File.AppendAllText(config, "\nmin_subset_samples: 20\n");
            var searched = CliRunner.Run("search", "--config", config, "-o", temp.File("run"));
            Assert.True(searched.ExitCode == ExitCodes.Success, searched.Error);
            var log = File.ReadAllLines(temp.File("run/search_log.jsonl"));
            Assert.Equal(2, log.Length);
            Assert.All(log, line => Assert.Contains("bits_per_byte", line));
        }
    }

    [Fact]
    public void The_embedded_evaluator_on_a_files_environment_points_to_the_proxy()
    {
        using var temp = new TempFolder();
        WriteUserData(temp);
        var import = CliRunner.Run("pool", "import", temp.File("arith.jsonl"), "-o", temp.File("pool"));
        Assert.True(import.ExitCode == ExitCodes.Success, import.Error);
        var config = temp.Write("search.yaml", Config.Replace("kind: proxy", "kind: embedded", StringComparison.Ordinal));

        var refused = CliRunner.Run("eval", "--environment", config, "--subset", "full");
        Assert.NotEqual(ExitCodes.Success, refused.ExitCode);
        Assert.Contains("kind: proxy", refused.Error);
    }
}
