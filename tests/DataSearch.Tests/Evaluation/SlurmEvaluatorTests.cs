using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Evaluation.Chat;
using DataSearch.Evaluation.Slurm;
using DataSearch.Pool;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Evaluation;

/// <summary>The Slurm backend against a real one-node cluster started for these tests.</summary>
[Collection(nameof(SlurmCollection))]
public class SlurmEvaluatorTests(SlurmClusterHandle handle)
{
    private const string ScoreScript = """
        #!/bin/sh
        total=$(grep -c . "$1"); clean=$(grep -c -x -F -f "$2" "$1")
        awk -v c="$clean" -v t="$total" 'BEGIN { printf "{\"benchmarks\": [{\"name\": \"clean\", \"score\": %.6f}]}\n", 100 * c / t }' > "$3"
        """;

    private static (GeneratedWorld World, string Folder) Setup(TempFolder temp)
    {
        var world = WorldGenerator.Generate(WorldOptions.Small(3));
        File.WriteAllText(temp.File("score.sh"), ScoreScript);
        SubsetFile.Write(temp.File("oracle.ids"), world.Pool, world.Subsets["oracle"]);
        return (world, temp.Path);
    }

    private static EvaluatorSettings Settings(string folder, params string[] commands) => new()
    {
        Kind = "slurm",
        Commands = commands,
        Export = "jsonl",
        WorkingDirectory = folder,
        Slurm = new SlurmSettings { PollSeconds = 0.3, CpusPerTask = 1 },
    };

    private static double OracleShare(GeneratedWorld world, int[] subset) => 100.0 * subset.Count(world.Subsets["oracle"].Contains) / subset.Length;

    private static List<string> JobIds(string evaluations) =>
        [.. Directory.GetDirectories(evaluations).SelectMany(d => JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "job.json"))).RootElement.GetProperty("JobIds").EnumerateArray().Select(j => j.GetString()!))];

    [SlurmFact]
    public void Each_evaluation_is_a_batch_job_and_two_run_at_once()
    {
        _ = handle.Cluster;
        using var temp = new TempFolder();
        var (world, folder) = Setup(temp);
        var settings = Settings(folder,
            "date +%s.%N > {eval_dir}/started; sleep 2",
            "sh score.sh {subset_ids} oracle.ids {result}; date +%s.%N > {eval_dir}/ended");
        var evaluator = new SlurmEvaluator(settings, temp.File("run"), _ => { });
        int[][] subsets = [[.. Enumerable.Range(0, world.Pool.Count).Where(i => i % 3 == 0)], [.. Enumerable.Range(0, world.Pool.Count).Where(i => i % 5 == 1)]];
        var results = subsets.AsParallel().WithDegreeOfParallelism(2).Select(s => evaluator.Evaluate(new EvaluationRequest(world.Pool, s, 1))).ToList();

        Assert.Equal(OracleShare(world, subsets[0]), results[0].Objective, 3);
        Assert.Equal(OracleShare(world, subsets[1]), results[1].Objective, 3);
        Assert.Equal(2, evaluator.Submitted);
        var evaluations = Directory.GetDirectories(temp.File("run/evaluations"));
        Assert.Equal(2, JobIds(temp.File("run/evaluations")).Distinct().Count());
        foreach (var evaluation in evaluations)
        {
            Assert.Contains("#SBATCH --cpus-per-task=1", File.ReadAllText(Path.Combine(evaluation, "job.sh")));
            Assert.Contains("[datasearch] step 2", File.ReadAllText(Directory.GetFiles(Path.Combine(evaluation, "logs"), "slurm-*.out").Single()));
        }

        // The two jobs overlapped in time: each started before the other ended.
        double Read(string evaluation, string file) => double.Parse(File.ReadAllText(Path.Combine(evaluation, file)), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Read(evaluations[0], "started") < Read(evaluations[1], "ended") && Read(evaluations[1], "started") < Read(evaluations[0], "ended"), "the jobs ran one after the other");
    }

    [SlurmFact]
    public void A_failed_job_fails_the_evaluation_with_its_state_and_log_and_a_retry_state_resubmits()
    {
        _ = handle.Cluster;
        using var temp = new TempFolder();
        var (world, folder) = Setup(temp);
        var failing = new SlurmEvaluator(Settings(folder, "echo 'disk quota exceeded' >&2; exit 4"), temp.File("run"), _ => { });
        var error = Assert.Throws<EvaluationFailedException>(() => failing.Evaluate(new EvaluationRequest(world.Pool, [0, 1, 2], 1)));
        Assert.Contains("FAILED", error.Message);
        Assert.Contains("disk quota exceeded", error.Message);

        // Treat FAILED as the cluster's fault: the first attempt fails, the resubmitted job succeeds.
        var settings = Settings(folder, "test -f {eval_dir}/tried || { touch {eval_dir}/tried; exit 1; }", "sh score.sh {subset_ids} oracle.ids {result}")
            with
        { Slurm = new SlurmSettings { PollSeconds = 0.3, RetryStates = ["FAILED"], MaxRetries = 1 } };
        var retrying = new SlurmEvaluator(settings, temp.File("retry"), _ => { });
        var subset = Enumerable.Range(0, 40).ToArray();
        Assert.Equal(OracleShare(world, subset), retrying.Evaluate(new EvaluationRequest(world.Pool, subset, 1)).Objective, 3);
        Assert.Equal(2, retrying.Submitted);
        Assert.Equal(2, JobIds(temp.File("retry/evaluations")).Count);
    }

    [SlurmFact]
    public void A_stopped_controller_re_attaches_to_its_running_job_instead_of_submitting_it_twice()
    {
        _ = handle.Cluster;
        using var temp = new TempFolder();
        var (world, folder) = Setup(temp);
        var settings = Settings(folder, "echo $SLURM_JOB_ID >> {run_dir}/jobs.txt; sleep 5", "sh score.sh {subset_ids} oracle.ids {result}");
        var subset = Enumerable.Range(0, world.Pool.Count).Where(i => i % 2 == 0).ToArray();
        var request = new EvaluationRequest(world.Pool, subset, 1);

        using (var stop = new CancellationTokenSource())
        {
            var first = new SlurmEvaluator(settings, temp.File("run"), _ => { });
            var running = Task.Run(() => first.Evaluate(request, null, stop.Token));
            SpinWait.SpinUntil(() => Directory.Exists(temp.File("run/evaluations")) && Directory.GetFiles(temp.File("run/evaluations"), "job.json", SearchOption.AllDirectories).Length > 0, TimeSpan.FromSeconds(30));
            stop.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => running.GetAwaiter().GetResult());
        }

        // As if killed between sbatch and writing job.json: the job is found by its name.
        File.Delete(Directory.GetFiles(temp.File("run/evaluations"), "job.json", SearchOption.AllDirectories).Single());
        var second = new SlurmEvaluator(settings, temp.File("run"), _ => { });
        var result = second.Evaluate(request);
        Assert.Equal(OracleShare(world, subset), result.Objective, 3);
        Assert.Equal(0, second.Submitted);
        Assert.Single(File.ReadAllLines(temp.File("run/jobs.txt")));

        // And once its result is on disk, nothing is submitted or waited for again.
        var third = new SlurmEvaluator(settings, temp.File("run"), _ => { });
        Assert.Equal(result.Objective, third.Evaluate(request).Objective);
        Assert.Equal(0, third.Submitted);
    }

    [SlurmFact]
    public void A_job_can_run_the_embedded_evaluator_and_scores_as_it_does_in_process()
    {
        _ = handle.Cluster;
        using var cache = ModelCache.UseTemporary();
        using var temp = new TempFolder();
        var generate = CliRunner.Run("world", "generate", "--seed", "3", "--small", "-o", temp.File("world"));
        Assert.True(generate.ExitCode == ExitCodes.Success, generate.Error);
        var inProcess = CliRunner.Run("eval", "--world", temp.File("world"), "--subset", "oracle", "--model", "tiny", "--result", temp.File("local.json"));
        Assert.True(inProcess.ExitCode == ExitCodes.Success, inProcess.Error);

        var cli = Path.Combine(AppContext.BaseDirectory, "DataSearch.Cli.dll");
        var settings = Settings(temp.Path, $"dotnet {EvaluationWorkspace.ShellQuote(cli)} eval --world world --subset {{subset_ids}} --model tiny --result {{result}}");
        var pool = PoolStore.Open(temp.File("world/pool")).Pool;
        var oracle = SubsetFile.Read(temp.File("world/subsets/oracle.ids"), pool);
        var result = new SlurmEvaluator(settings, temp.File("run"), _ => { }).Evaluate(new EvaluationRequest(pool, oracle, 1));

        var (localScores, localObjective, _) = ResultFile.Read(temp.File("local.json"));
        Assert.Equal(localObjective, result.Objective, 6);
        Assert.Equal(localScores.Select(s => (s.Benchmark, s.Score)), result.Scores.Select(s => (s.Benchmark, s.Score)));
    }

    [SlurmFact]
    public void A_chat_benchmark_is_answered_by_a_batch_job_that_a_rerun_re_attaches_to()
    {
        _ = handle.Cluster;
        using var temp = new TempFolder();
        ChatQuestion[] questions = [new("1", "writing", ["Hello.", "Again."]), new("2", "math", ["One plus one?"])];
        // Each job notes its id, waits (so the first run can be stopped while it runs) and echoes the turns back.
        var command = "echo $SLURM_JOB_ID >> " + EvaluationWorkspace.ShellQuote(temp.File("jobs.txt")) + "; sleep 3; "
            + "python3 -c 'import json,sys; [print(json.dumps({\"question_id\": q[\"question_id\"], \"turns\": [\"echo: \" + t for t in q[\"turns\"]]})) for q in map(json.loads, open(sys.argv[1]))]' {questions} > {answers}";
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        CommandAnswerer Backend() => new(command, "echo-model", temp.File("answers.jsonl.work"), temp.Path, 5, new SlurmSettings { PollSeconds = 0.3, CpusPerTask = 1 }, lines.Enqueue);

        using (var stop = new CancellationTokenSource())
        {
            var running = Task.Run(() => ChatAnswering.Run(questions, Backend(), temp.File("answers.jsonl"), null, stop.Token));
            SpinWait.SpinUntil(() => File.Exists(temp.File("answers.jsonl.work/job.json")), TimeSpan.FromSeconds(30));
            stop.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => running.GetAwaiter().GetResult());
        }

        var summary = ChatAnswering.Run(questions, Backend(), temp.File("answers.jsonl"));
        Assert.Equal(2, summary.Asked);
        Assert.Contains(lines, l => l.Contains("re-attached to Slurm job", StringComparison.Ordinal));
        Assert.Single(File.ReadAllLines(temp.File("jobs.txt")));
        var answers = ChatAnswers.Read(temp.File("answers.jsonl"));
        Assert.Equal(["echo: Hello.", "echo: Again."], answers["1"]);
        Assert.Equal(["echo: One plus one?"], answers["2"]);
        Assert.False(Directory.Exists(temp.File("answers.jsonl.work")));
    }

    [SlurmFact]
    public void A_scoring_command_runs_as_a_batch_job_and_its_scores_become_a_signal()
    {
        _ = handle.Cluster;
        using var temp = new TempFolder();
        var world = WorldGenerator.Generate(WorldOptions.Small(3));
        var settings = new SlurmSettings { PollSeconds = 0.3, CpusPerTask = 1 };
        var lines = new List<string>();

        // The user's script scores each sample by its line number in the exported pool.
        const string Script = """awk -F'"' '{ printf "{\"sample_id\": \"%s\", \"order\": %d}\n", $4, NR }' {pool_file} > {scores}""";
        var result = ScoringCommand.Run(world.Pool, Script, "order", temp.File("work"), temp.Path, TimeSpan.FromMinutes(5), slurm: settings, log: lines.Add);

        var values = result.Block.Columns.Single().Values!;
        Assert.Equal(Enumerable.Range(1, world.Pool.Count).Select(i => (float)i), values);
        Assert.Contains(lines, l => l.Contains("scoring order: submitted Slurm job", StringComparison.Ordinal));
        Assert.Contains("#SBATCH --cpus-per-task=1", File.ReadAllText(temp.File("work/job.sh")));
        Assert.Contains("[datasearch] awk", File.ReadAllText(Directory.GetFiles(temp.File("work"), "slurm-*.out").Single()));
        Assert.False(File.Exists(temp.File("work/job.json")), "a finished job is not re-attached to by the next run");

        var failed = Assert.Throws<EvaluationFailedException>(() =>
            ScoringCommand.Run(world.Pool, "echo 'no reward model here' >&2; exit 5", "broken", temp.File("broken"), temp.Path, TimeSpan.FromMinutes(5), slurm: settings));
        Assert.Contains("FAILED", failed.Message, StringComparison.Ordinal);
        Assert.Contains("no reward model here", failed.Message, StringComparison.Ordinal);
    }
}
