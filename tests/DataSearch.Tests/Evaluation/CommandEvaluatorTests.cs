using System.Diagnostics;
using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Evaluation;

/// <summary>The command evaluator runs real processes: a shell script stands in for the trainer and scorer.</summary>
public class CommandEvaluatorTests
{
    /// <summary>Scores a subset by the share of its ids that are in the oracle list, as a trainer + benchmark would.</summary>
    private const string ScoreScript = """
        #!/bin/sh
        # usage: score.sh SUBSET_IDS ORACLE_IDS RESULT
        total=$(grep -c . "$1")
        clean=$(grep -c -x -F -f "$2" "$1")
        echo "scored $clean of $total"
        awk -v c="$clean" -v t="$total" 'BEGIN { printf "{\"benchmarks\": [{\"name\": \"clean\", \"score\": %.6f}, {\"name\": \"size\", \"score\": %.6f, \"kind\": \"out_of_distribution\"}], \"training_tokens\": %d}\n", 100 * c / t, t / 24, t * 10 }' > "$3"
        """;

    private static (GeneratedWorld World, string Folder) Setup(TempFolder temp)
    {
        var world = WorldGenerator.Generate(WorldOptions.Small(3));
        File.WriteAllText(temp.File("score.sh"), ScoreScript.Replace("\r", string.Empty, StringComparison.Ordinal));
        SubsetFile.Write(temp.File("oracle.ids"), world.Pool, world.Subsets["oracle"]);
        return (world, temp.Path);
    }

    private static EvaluatorSettings Settings(string folder, params string[] commands) => new()
    {
        Kind = "command",
        Commands = commands.Length > 0 ? commands : ["echo training on {samples} samples; test -s {subset_file} && test -s {train_config}", "sh score.sh {subset_ids} oracle.ids {result}"],
        WorkingDirectory = folder,
    };

    private static double OracleShare(GeneratedWorld world, int[] subset) =>
        100.0 * subset.Count(world.Subsets["oracle"].Contains) / subset.Length;

    [Fact]
    public void Commands_train_and_score_a_subset_and_a_finished_evaluation_is_not_run_again()
    {
        using var temp = new TempFolder();
        var (world, folder) = Setup(temp);
        var run = Path.Combine(folder, "run with a 'quote'");
        var evaluator = new CommandEvaluator(Settings(folder), run, _ => { });
        var subset = Enumerable.Range(0, world.Pool.Count).Where(i => i % 4 == 0).ToArray();
        var result = evaluator.Evaluate(new EvaluationRequest(world.Pool, subset, 7));

        Assert.Equal(OracleShare(world, subset), result.Objective, 3);
        Assert.Equal(BenchmarkKind.OutOfDistribution, result.Scores.Single(s => s.Benchmark == "size").Kind);
        Assert.Equal(subset.Length * 10, result.Cost.TrainingTokens);
        Assert.Equal(2, evaluator.CommandsRun);
        var evalDir = Directory.GetDirectories(Path.Combine(run, "evaluations")).Single();
        Assert.EndsWith("-seed7", evalDir);
        Assert.Equal($"training on {subset.Length} samples", File.ReadAllText(Path.Combine(evalDir, "logs", "step-1.out")).Trim());
        Assert.StartsWith("scored", File.ReadAllText(Path.Combine(evalDir, "logs", "step-2.out")));
        Assert.Equal(subset.Length, File.ReadAllLines(Path.Combine(evalDir, "subset", "subset.ids")).Length);
        Assert.True(File.Exists(Path.Combine(evalDir, "subset", "dataset_info.json")));

        var again = new CommandEvaluator(Settings(folder), run, _ => { }).Evaluate(new EvaluationRequest(world.Pool, subset, 7));
        Assert.Equal(result.Objective, again.Objective);
        Assert.Equal(2, evaluator.CommandsRun);
    }

    [Fact]
    public void A_failing_command_fails_the_evaluation_with_its_exit_code_and_log_tail()
    {
        using var temp = new TempFolder();
        var (world, folder) = Setup(temp);
        var evaluator = new CommandEvaluator(Settings(folder, "echo starting", "echo 'CUDA out of memory' >&2; exit 3", "echo never"), temp.File("run"), _ => { });
        var error = Assert.Throws<EvaluationFailedException>(() => evaluator.Evaluate(new EvaluationRequest(world.Pool, [0, 1, 2], 1)));
        Assert.Contains("exited with 3", error.Message);
        Assert.Contains("CUDA out of memory", error.Message);
        Assert.Equal(2, evaluator.CommandsRun);
    }

    [Fact]
    public void A_command_past_the_timeout_is_killed()
    {
        using var temp = new TempFolder();
        var (world, folder) = Setup(temp);
        var settings = Settings(folder, "sleep 60") with { TimeoutMinutes = 0.02 };
        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<EvaluationFailedException>(() => new CommandEvaluator(settings, temp.File("run"), _ => { }).Evaluate(new EvaluationRequest(world.Pool, [0, 1], 1)));
        Assert.Contains("timeout_minutes", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("""{"benchmarks": [{"name": "gsm8k", "score": "high"}]}""", "benchmarks[0].score")]
    [InlineData("""{"benchmarks": [{"name": "gsm8k", "score": 140}]}""", "benchmarks[0].score")]
    [InlineData("""{"benchmarks": [{"name": "x", "score": 1, "kind": "ood"}]}""", "benchmarks[0].kind")]
    [InlineData("""{"benchmarks": [{"name": "x", "score": 1, "kind": "out_of_distribution"}]}""", "no in_distribution")]
    [InlineData("""{"scores": {"gsm8k": 41}}""", "benchmarks")]
    [InlineData("""not json""", "not JSON")]
    public void A_bad_result_file_names_the_file_and_the_field(string content, string expected)
    {
        using var temp = new TempFolder();
        var (world, folder) = Setup(temp);
        File.WriteAllText(temp.File("canned.json"), content);
        var evaluator = new CommandEvaluator(Settings(folder, "cp canned.json {result}"), temp.File("run"), _ => { });
        var error = Assert.Throws<CorruptDataException>(() => evaluator.Evaluate(new EvaluationRequest(world.Pool, [0, 1], 1)));
        Assert.Contains("result.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Settings_name_unknown_placeholders_and_missing_commands()
    {
        var problems = new EvaluatorSettings { Kind = "command", Commands = ["train {subset_dirr}"], Export = "csv" }.Problems().ToList();
        Assert.Contains(problems, p => p.StartsWith("evaluator.commands[0]", StringComparison.Ordinal) && p.Contains("{subset_dirr}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("evaluator.export", StringComparison.Ordinal));
        Assert.Contains(new EvaluatorSettings { Kind = "command" }.Problems(), p => p.StartsWith("evaluator.commands", StringComparison.Ordinal));
        Assert.Contains(new EvaluatorSettings { Kind = "slurmm" }.Problems(), p => p.StartsWith("evaluator.kind", StringComparison.Ordinal));
        Assert.Empty(new EvaluatorSettings().Problems());
    }
}

/// <summary>A whole search whose evaluations are shell commands, from the command line.</summary>
[Collection(nameof(ModelCollection))]
public class CommandSearchTests
{
    [Fact]
    public void Search_with_the_command_evaluator_records_each_commands_score()
    {
        using var cache = ModelCache.UseTemporary();
        using var temp = new TempFolder();
        var generate = CliRunner.Run("world", "generate", "--seed", "3", "--small", "-o", temp.File("world"));
        Assert.True(generate.ExitCode == ExitCodes.Success, generate.Error);
        File.WriteAllText(temp.File("score.sh"), """
            #!/bin/sh
            total=$(grep -c . "$1"); clean=$(grep -c -x -F -f "$2" "$1")
            awk -v c="$clean" -v t="$total" 'BEGIN { printf "{\"benchmarks\": [{\"name\": \"clean\", \"score\": %.6f}]}\n", 100 * c / t }' > "$3"
            """);
        File.WriteAllText(temp.File("search.yaml"), """
            world: world
            max_evaluations: 4
            n_lhs_seeds: 2
            candidates_per_round: 20
            model: tiny
            evaluator:
              kind: command
              export: jsonl
              commands:
                - sh score.sh {subset_ids} world/subsets/oracle.ids {result}
            """);
        var run = CliRunner.Run("search", "--config", temp.File("search.yaml"), "-o", temp.File("run"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var pool = PoolStore.Open(temp.File("world/pool")).Pool;
        var oracle = SubsetFile.Read(temp.File("world/subsets/oracle.ids"), pool).ToHashSet();
        var records = File.ReadAllLines(temp.File("run/search_log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.GetProperty("status").GetString() == "ok").ToList();
        Assert.Equal(4, records.Count);
        foreach (var record in records)
        {
            var subset = SubsetFile.Read(temp.File($"run/subsets/{record.GetProperty("subset_hash").GetString()}.ids"), pool);
            // The log keeps four decimals; a digit-wise comparison at three fails on a boundary such as 60.94946 against 60.9495.
            var expected = 100.0 * subset.Count(oracle.Contains) / subset.Length;
            Assert.InRange(record.GetProperty("objective").GetDouble(), expected - 1e-3, expected + 1e-3);
        }

        Assert.Contains("kind: command", File.ReadAllText(temp.File("run/config.yaml")));
    }

    [Fact]
    public void Compare_seeds_reach_the_training_command_and_the_llamafactory_yaml()
    {
        using var cache = ModelCache.UseTemporary();
        using var temp = new TempFolder();
        Assert.Equal(ExitCodes.Success, CliRunner.Run("world", "generate", "--seed", "3", "--small", "-o", temp.File("world")).ExitCode);

        // The "trainer" records the seed it was given and the seed in the training YAML it was handed.
        File.WriteAllText(temp.File("train.sh"), """
            #!/bin/sh
            yaml=$(grep -h '^seed:' "$2"/*.train.yaml | awk '{ print $2 }')
            echo "$1 $yaml" >> seeds.log
            awk -v s="$1" 'BEGIN { printf "{\"benchmarks\": [{\"name\": \"b\", \"score\": %d}]}\n", 50 + s }' > "$3"
            """);
        File.WriteAllText(temp.File("search.yaml"), """
            world: world
            max_evaluations: 3
            n_lhs_seeds: 2
            source_screening: "off"
            candidates_per_round: 10
            model: tiny
            evaluator:
              kind: command
              export: llamafactory
              commands:
                - sh train.sh {seed} {subset_dir} {result}
            """);
        var run = CliRunner.Run("compare", "--config", temp.File("search.yaml"), "--seeds", "2", "-o", temp.File("compare"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var lines = File.ReadAllLines(temp.File("seeds.log")).Select(l => l.Split(' ')).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(l[0], l[1]));
        Assert.Equal(["1", "2"], lines.Select(l => l[0]).Distinct().Order());
    }
}
