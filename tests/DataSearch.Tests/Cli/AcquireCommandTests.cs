using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

/// <summary><c>datasearch acquire</c> end to end with the tiny model on the small world.</summary>
[Collection(nameof(ModelCollection))]
public class AcquireCommandTests
{
    private const string TinyConfig = """
        world_size: small
        world_seed: 2
        model: tiny
        iterations: 1
        tasks_per_iteration: 3
        trajectories_per_task: 2
        policy:
          seed_samples: 50
          seed_steps: 3
          update_steps: 2
          policy_steps: 2
          batch_size: 4
        in_context:
          enabled: true
          examples: 3
          context: 64
          reader_samples: 40
          reader_steps: 4
        """;

    [Fact]
    public void Acquire_trains_evaluates_against_baselines_resumes_without_repeating_and_re_evaluates()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var config = temp.Write("ads.yaml", TinyConfig);
        var runFolder = temp.File("run");
        var run = CliRunner.Run("acquire", "-c", config, "-o", runFolder, "--baselines");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "evaluation_results.json"))).RootElement;
        var metrics = evaluation.GetProperty("metrics");
        var tasks = evaluation.GetProperty("task_results").EnumerateArray().ToList();
        // By default a third of the tasks are held out: the headline is on them, the training tasks' figures beside it.
        var heldOut = tasks.Where(t => t.GetProperty("split").GetString() == "held_out").ToList();
        var trainingTasks = tasks.Where(t => t.GetProperty("split").GetString() == "training").ToList();
        Assert.Equal(tasks.Count / 3, heldOut.Count);
        Assert.NotEmpty(heldOut);
        Assert.Equal(tasks.Count, heldOut.Count + trainingTasks.Count);
        Assert.Equal(heldOut.Count, metrics.GetProperty("completed_tasks").GetInt32());
        Assert.Equal(1.0, metrics.GetProperty("win_rate").GetDouble() + metrics.GetProperty("tie_rate").GetDouble() + metrics.GetProperty("loss_rate").GetDouble(), 9);
        Assert.Equal(heldOut.Sum(t => t.GetProperty("api_cost").GetDouble()), metrics.GetProperty("total_api_cost").GetDouble(), 9);
        Assert.Equal(heldOut.Average(t => t.GetProperty("reward").GetDouble()), metrics.GetProperty("mean_reward").GetDouble(), 9);
        var trainingMetrics = evaluation.GetProperty("training_task_metrics");
        Assert.Equal(trainingTasks.Count, trainingMetrics.GetProperty("completed_tasks").GetInt32());
        Assert.Equal(trainingTasks.Average(t => t.GetProperty("reward").GetDouble()), trainingMetrics.GetProperty("mean_reward").GetDouble(), 9);
        var conditions = evaluation.GetProperty("conditions");
        Assert.Equal("world", conditions.GetProperty("teacher").GetString());
        Assert.Equal(DataSearch.Acquisition.AcquisitionConfig.DefaultTeacherNoise, conditions.GetProperty("teacher_error_rate").GetDouble());
        Assert.True(conditions.GetProperty("teacher_error_rate").GetDouble() > 0, "the world teacher errs by default");
        Assert.Equal(tasks.Sum(t => t.GetProperty("decontaminated").GetArrayLength()), conditions.GetProperty("decontaminated").GetInt32());
        Assert.All(heldOut, t => Assert.Contains(t.GetProperty("task_id").GetString()!, conditions.GetProperty("task_split").GetString(), StringComparison.Ordinal));
        Assert.Contains(DataSearch.Reports.RunReport.Build(runFolder).Sections.SelectMany(section => section.Blocks), b => b.Title == "Conditions of these figures");
        Assert.Contains(DataSearch.Reports.RunReport.Build(runFolder).Sections.SelectMany(section => section.Blocks), b => b.Title == "Conditions of these figures");
        foreach (var task in tasks)
        {
            foreach (var field in new[] { "instruction", "score", "base_score", "api_cost", "trajectory" })
            {
                Assert.True(task.TryGetProperty(field, out _), field);
            }

            var gain = task.GetProperty("score").GetDouble() - task.GetProperty("base_score").GetDouble();
            Assert.Equal(gain - (0.5 * task.GetProperty("api_cost").GetDouble()), task.GetProperty("reward").GetDouble(), 9);
        }

        var baselines = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "baselines.json"))).RootElement;
        Assert.Equal(["heuristic", "no_data", "random", "random_plan", "call_everything", "retrieval_only", "demonstrations_only", "best_fixed_plan"], baselines.EnumerateArray().Select(m => m.GetProperty("method").GetString()));
        Assert.Contains("best fixed plan per family, chosen on dev:", run.Error, StringComparison.Ordinal);
        var noData = baselines.EnumerateArray().Single(m => m.GetProperty("method").GetString() == "no_data").GetProperty("metrics");
        Assert.Equal(0, noData.GetProperty("total_api_cost").GetDouble());
        Assert.Equal(1, noData.GetProperty("tie_rate").GetDouble());

        // The ledger holds every call, and its costs add up to what the results report.
        var ledger = File.ReadAllLines(Path.Combine(runFolder, "logs", "cost_ledger.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var evaluateCalls = ledger.Where(e => e.GetProperty("phase").GetString() == "heuristic").ToList();
        Assert.Equal(tasks.Sum(t => t.GetProperty("api_cost").GetDouble()), evaluateCalls.Sum(e => e.GetProperty("cost").GetDouble()), 9);
        var heldOutIds = heldOut.Select(t => t.GetProperty("task_id").GetString()).ToHashSet();
        Assert.Equal(metrics.GetProperty("total_api_cost").GetDouble(), evaluateCalls.Where(e => heldOutIds.Contains(e.GetProperty("task_id").GetString())).Sum(e => e.GetProperty("cost").GetDouble()), 9);
        var trainingCalls = ledger.Count(e => e.GetProperty("phase").GetString() == "train-1");
        Assert.True(trainingCalls > 0);
        // Neither learning nor choosing the best fixed plan ever touched a held-out task.
        Assert.DoesNotContain(ledger.Where(e => e.GetProperty("phase").GetString() is "train-1" or "best_fixed_plan"), e => heldOutIds.Contains(e.GetProperty("task_id").GetString()));

        // The trained optimizer against each baseline, paired on the held-out tasks.
        var paired = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "paired_differences.json"))).RootElement.EnumerateArray().ToList();
        Assert.Equal(baselines.GetArrayLength() - 1, paired.Count);
        var againstNoData = paired.Single(p => p.GetProperty("baseline").GetString() == "no_data");
        Assert.Equal(heldOut.Count, againstNoData.GetProperty("tasks").GetInt32());
        Assert.Equal(metrics.GetProperty("mean_reward").GetDouble() - noData.GetProperty("mean_reward").GetDouble(), againstNoData.GetProperty("mean_difference").GetDouble(), 9);
        Assert.True(againstNoData.GetProperty("ci95_lower").GetDouble() <= againstNoData.GetProperty("mean_difference").GetDouble());
        var training = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "training_metrics.json"))).RootElement;
        Assert.Equal(1, training.GetArrayLength());
        Assert.Equal(6, training[0].GetProperty("trajectories").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(runFolder, "acquired", "samples.jsonl")));
        Assert.True(File.Exists(Path.Combine(runFolder, "logs", "ads.log")));

        // In-context use of the same data, beside the fine-tuning result of every task.
        var inContext = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "in_context_results.json"))).RootElement;
        var inContextTasks = inContext.GetProperty("task_results").EnumerateArray().ToList();
        Assert.Equal(tasks.Select(t => t.GetProperty("task_id").GetString()), inContextTasks.Select(t => t.GetProperty("task_id").GetString()));
        for (var t = 0; t < tasks.Count; t++)
        {
            Assert.Equal(tasks[t].GetProperty("score").GetDouble(), inContextTasks[t].GetProperty("fine_tuned_score").GetDouble());
            Assert.Equal(tasks[t].GetProperty("samples").GetInt32() > 0, inContextTasks[t].GetProperty("mean_examples_shown").GetDouble() > 0);
            Assert.InRange(inContextTasks[t].GetProperty("mean_examples_shown").GetDouble(), 0, 3);
        }

        var inContextMetrics = inContext.GetProperty("metrics");
        Assert.Equal(1.0, inContextMetrics.GetProperty("win_rate").GetDouble() + inContextMetrics.GetProperty("tie_rate").GetDouble() + inContextMetrics.GetProperty("loss_rate").GetDouble(), 9);
        Assert.Equal(inContextTasks.Average(t => t.GetProperty("in_context_score").GetDouble() - t.GetProperty("no_context_score").GetDouble()), inContextMetrics.GetProperty("in_context_gain").GetDouble(), 9);
        Assert.True(File.Exists(Path.Combine(runFolder, "checkpoints", "reader.pt.json")));
        Assert.Contains("in-context use: avg", run.Error);

        // Resume with one more iteration: iteration 1 is loaded, not repeated.
        var firstDone = File.ReadAllText(Path.Combine(runFolder, "checkpoints", "iteration-001", "done.json"));
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "checkpoints", "iteration-001", "policy_data.json"))).RootElement.ValueKind);
        var resumed = CliRunner.Run("acquire", "--resume", runFolder, "--iterations", "2");
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Error);
        Assert.Contains("resuming after iteration 1", resumed.Error);
        Assert.DoesNotContain("iteration 1/2", resumed.Error);
        Assert.Contains("iteration 2/2", resumed.Error);
        Assert.Equal(firstDone, File.ReadAllText(Path.Combine(runFolder, "checkpoints", "iteration-001", "done.json")));
        var after = File.ReadAllLines(Path.Combine(runFolder, "logs", "cost_ledger.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(trainingCalls, after.Count(e => e.GetProperty("phase").GetString() == "train-1"));
        var iterations = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "training_metrics.json"))).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, iterations.Count);
        foreach (var iteration in iterations)
        {
            // The update is kept unless it lowered the mean dev score; a dropped one leaves the score where it was.
            var (before, update, kept) = (iteration.GetProperty("policy_score_before").GetDouble(), iteration.GetProperty("policy_update_score").GetDouble(), iteration.GetProperty("policy_score_after").GetDouble());
            var accepted = iteration.GetProperty("policy_update_accepted").GetBoolean();
            Assert.Equal(update >= before || iteration.GetProperty("trajectories").EnumerateArray().All(t => t.GetProperty("reward").GetDouble() <= 0), accepted);
            Assert.Equal(accepted ? update : before, kept, 9);
        }

        // Re-evaluation trains nothing; repeated calls now come from the cache.
        var evaluateOnly = CliRunner.Run("acquire", "--evaluate-only", runFolder);
        Assert.True(evaluateOnly.ExitCode == ExitCodes.Success, evaluateOnly.Error);
        Assert.Contains("evaluating the checkpoint of iteration 2", evaluateOnly.Error);
        Assert.Contains("reader loaded", evaluateOnly.Error);
        Assert.DoesNotContain("iteration 3", evaluateOnly.Error);
        var last = File.ReadAllLines(Path.Combine(runFolder, "logs", "cost_ledger.jsonl")).Skip(after.Count).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(last);
        Assert.All(last.Where(e => e.GetProperty("error").ValueKind == JsonValueKind.Null), e => Assert.True(e.GetProperty("cached").GetBoolean()));

        // What was paid is what the API answered; the re-evaluation's cached calls cost nothing again.
        var ledgerLines = File.ReadAllLines(Path.Combine(runFolder, "logs", "cost_ledger.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(ledgerLines, e => Assert.Equal(e.GetProperty("cached").GetBoolean() ? 0 : e.GetProperty("cost").GetDouble(), e.GetProperty("paid_cost").GetDouble()));
        var paid = ledgerLines.Where(e => !e.GetProperty("cached").GetBoolean()).Sum(e => e.GetProperty("cost").GetDouble());
        Assert.Contains(FormattableString.Invariant($"API spend: {paid:0.0} units paid for {ledgerLines.Count(e => !e.GetProperty("cached").GetBoolean()):N0} calls"), evaluateOnly.Output);

        // A run whose reward was changed in its config.yaml is not continued: its results would mix two rewards.
        var configPath = Path.Combine(runFolder, "config.yaml");
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("lambda: 0.5", "lambda: 2", StringComparison.Ordinal));
        var changed = CliRunner.Run("acquire", "--resume", runFolder, "--iterations", "3");
        Assert.Equal(ExitCodes.Usage, changed.ExitCode);
        Assert.Contains("lambda was 0.5 at the start, is 2 now", changed.Error);
        Assert.False(Directory.Exists(Path.Combine(runFolder, "checkpoints", "iteration-003")));
    }

    [Fact]
    public void A_worse_update_is_dropped_and_with_replay_the_next_update_also_trains_on_its_data_with_the_steps_scaled()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        // Enough tasks and steps that even the tiny model gains on some task in both iterations (λ 0: any
        // gain is a reward), a base policy trained long enough to have something to lose (its seed samples
        // are drawn at random from the pool), and a learning rate high enough that the first update costs
        // other tasks more.
        var config = temp.Write("ads.yaml", """
            world_size: small
            world_seed: 2
            model: tiny
            iterations: 2
            tasks_per_iteration: 6
            held_out_tasks: 0
            trajectories_per_task: 2
            lambda: 0
            policy:
              seed_samples: 200
              seed_steps: 200
              update_steps: 60
              policy_steps: 30
              batch_size: 16
              learning_rate: 0.06
              replay_earlier_iterations: true
            """);
        var runFolder = temp.File("run");
        var run = CliRunner.Run("acquire", "-c", config, "-o", runFolder);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        Assert.False(File.Exists(Path.Combine(runFolder, "results", "in_context_results.json")));
        var iterations = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "training_metrics.json"))).RootElement.EnumerateArray().ToList();
        int Kept(int iteration) => JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "checkpoints", $"iteration-{iteration:D3}", "policy_data.json"))).RootElement.GetArrayLength();
        var (first, second) = (iterations[0], iterations[1]);
        Assert.Equal(Kept(1), first.GetProperty("policy_update_samples").GetInt32());
        Assert.Equal(0, first.GetProperty("policy_update_replayed").GetInt32());
        Assert.Equal(30, first.GetProperty("policy_update_steps").GetInt32());
        var (before, update, after) = (first.GetProperty("policy_score_before").GetDouble(), first.GetProperty("policy_update_score").GetDouble(), first.GetProperty("policy_score_after").GetDouble());
        Assert.True(update < before, "this configuration is meant to make the first update worse");
        Assert.False(first.GetProperty("policy_update_accepted").GetBoolean());
        Assert.Equal(before, after, 9);
        Assert.Contains("policy update rejected", run.Error);
        Assert.Equal(before, second.GetProperty("policy_score_before").GetDouble(), 9);

        // The second update sees the first iteration's data too, and trains longer in proportion.
        var (fresh, replayed) = (second.GetProperty("policy_update_samples").GetInt32(), second.GetProperty("policy_update_replayed").GetInt32());
        Assert.True(fresh > 0 && Kept(1) > 0, "this configuration is meant to acquire data in both iterations");
        Assert.Equal(Kept(2), fresh);
        Assert.Equal(Kept(1), replayed);
        Assert.Equal(DataSearch.Models.Acquisition.AcquisitionLoop.ReplaySteps(30, fresh, fresh + replayed), second.GetProperty("policy_update_steps").GetInt32());
        Assert.Contains($"+ {replayed} replayed from earlier iterations", run.Error);
    }

    [Theory]
    [InlineData(400, 100, 100, 400)]
    [InlineData(400, 100, 250, 1000)]
    [InlineData(400, 100, 1000, 1200)]
    [InlineData(400, 0, 0, 400)]
    public void A_replayed_update_gives_this_iterations_data_as_many_passes_as_without_replay_up_to_three_times_the_steps(int steps, int fresh, int total, int expected) =>
        Assert.Equal(expected, DataSearch.Models.Acquisition.AcquisitionLoop.ReplaySteps(steps, fresh, total));

    [Fact]
    public void Bad_configs_and_folders_are_refused_with_the_field_named()
    {
        using var temp = new TempFolder();
        var config = temp.Write("bad.yaml", "iterations: -1\nlambda: -2\noptimizer: genius\nlimits:\n  max_k: 0\ncosts:\n  answer_call: -1\n");
        var run = CliRunner.Run("acquire", "-c", config, "-o", temp.File("run"));
        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        foreach (var field in new[] { "iterations:", "lambda:", "optimizer: 'genius'", "limits.max_k", "costs.answer_call" })
        {
            Assert.Contains(field, run.Error);
        }

        var quickWithConfig = CliRunner.Run("acquire", "--quick", "-c", config, "-o", temp.File("run3"));
        Assert.Equal(ExitCodes.Usage, quickWithConfig.ExitCode);
        Assert.Contains("--quick uses built-in settings", quickWithConfig.Error);
        Assert.Contains("--quick needs --output", CliRunner.Run("acquire", "--quick").Error);
        Assert.False(Directory.Exists(temp.File("run3")));
        DataSearch.Acquisition.AcquisitionConfig.Quick.ThrowIfInvalid("the --quick settings");

        var yaml = temp.Write("broken.yaml", "iterations: [\n");
        Assert.Contains("line", CliRunner.Run("acquire", "-c", yaml, "-o", temp.File("run2")).Error);
        var resume = CliRunner.Run("acquire", "--resume", temp.Path);
        Assert.Equal(ExitCodes.Usage, resume.ExitCode);
        Assert.Contains("not an acquisition run folder", resume.Error);
    }

    [Fact]
    public void With_an_llm_optimizer_and_teacher_the_endpoint_writes_the_trajectories_and_the_data_and_the_key_stays_out_of_the_run()
    {
        const string Key = "sk-test-4f9d2c7a1b";
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        using var server = new LoopbackServer();
        server.Responder = request =>
        {
            var messages = System.Text.Json.Nodes.JsonNode.Parse(request.Body)!["messages"]!;
            var system = messages[0]!["content"]!.GetValue<string>();
            var user = messages[1]!["content"]!.GetValue<string>();
            object reply = system.StartsWith("You decide", StringComparison.Ordinal)
                ? new { trajectories = new[] { new { text = "demonstrate(\"reverse strings\", 6); answer(\"rev abc\")" }, new { text = "retrieve(\"capital\", 1)" } } }
                : user.StartsWith("Answer:", StringComparison.Ordinal)
                    ? new { answer = "cba" }
                    : new { pairs = Enumerable.Range(0, 6).Select(i => new { question = $"rev ab{i}", answer = $"{i}ba" }) };
            return new(200, LoopbackServer.Completion(JsonSerializer.Serialize(reply)));
        };
        var config = temp.Write("ads.yaml", TinyConfig + "\noptimizer: llm\nteacher: llm\n");
        var runFolder = temp.File("run");
        var variables = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.BaseUrl, ["LLM_MODEL"] = "loopback", ["OPENAI_API_KEY"] = Key };

        var run = CliRunner.Run(["acquire", "-c", config, "-o", runFolder], variables);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var training = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "training_metrics.json"))).RootElement;
        var tried = training[0].GetProperty("trajectories").EnumerateArray().ToList();
        Assert.Equal(6, tried.Count);
        Assert.All(tried, t => Assert.Equal("llm", t.GetProperty("plan").GetString()));
        var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "evaluation_results.json"))).RootElement;
        Assert.All(evaluation.GetProperty("task_results").EnumerateArray(),
            t => Assert.Equal("demonstrate(\"reverse strings\", 6); answer(\"rev abc\")", t.GetProperty("trajectory").GetString()));
        var ledger = File.ReadAllLines(Path.Combine(runFolder, "logs", "cost_ledger.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(ledger, e => e.GetProperty("call").GetString()!.StartsWith("demonstrate", StringComparison.Ordinal) && e.GetProperty("samples").GetInt32() == 6);
        Assert.Contains(server.Requests, r => r.Authorization == $"Bearer {Key}");
        var thinking = Directory.GetFiles(Path.Combine(runFolder, "thinking_logs"), "*", SearchOption.AllDirectories);
        Assert.Contains(thinking, f => File.ReadAllText(f).Contains("teacher", StringComparison.Ordinal));
        Assert.All(Directory.GetFiles(runFolder, "*", SearchOption.AllDirectories), f => Assert.DoesNotContain(Key, File.ReadAllText(f)));
        Assert.DoesNotContain(Key, run.Error + run.Output);

        var noEndpoint = CliRunner.Run(["acquire", "-c", config, "-o", temp.File("run2")], new Dictionary<string, string>());
        Assert.Equal(ExitCodes.Usage, noEndpoint.ExitCode);
        Assert.Contains("OPENAI_BASE_URL", noEndpoint.Error);
    }

    [Fact]
    public void A_lambda_sweep_runs_once_per_value_summarises_them_resumes_and_is_reported()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var config = temp.Write("ads.yaml", TinyConfig);
        var folder = temp.File("sweep");
        var run = CliRunner.Run("acquire", "-c", config, "-o", folder, "--lambdas", "0,4");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var points = DataSearch.Acquisition.LambdaSweep.TryRead(folder)!;
        Assert.Equal([0.0, 4.0], points.Select(p => p.Lambda));
        foreach (var point in points)
        {
            var sub = Path.Combine(folder, DataSearch.Acquisition.LambdaSweep.FolderName(point.Lambda));
            var evaluation = DataSearch.Acquisition.AcquisitionEvaluation.Read(Path.Combine(sub, "results", "evaluation_results.json"));
            Assert.Equal(point.Lambda, evaluation.Metrics.Lambda);
            Assert.Equal(evaluation.Metrics.TotalApiCost, point.ApiCost);
            Assert.Equal(evaluation.Metrics.AverageScore - evaluation.Metrics.AverageBaseScore, point.Gain, 9);
            Assert.Contains($"lambda: {point.Lambda}", File.ReadAllText(Path.Combine(sub, "config.yaml")));
        }

        // Rerunning reads the finished runs instead of training them again.
        var ledgers = Directory.GetFiles(folder, "cost_ledger.jsonl", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllText);
        var again = CliRunner.Run("acquire", "-c", config, "-o", folder, "--lambdas", "0,4");
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.All(ledgers, l => Assert.Equal(l.Value, File.ReadAllText(l.Key)));
        Assert.DoesNotContain("iteration 1/1", again.Error);

        var report = DataSearch.Reports.RunReport.Build(folder);
        var sweep = Assert.Single(report.Sections, s => s.Id == "lambda-sweep");
        var figure = Assert.IsType<DataSearch.Reports.FigureBlock>(sweep.Blocks[0]);
        Assert.Equal(points.Select(p => p.ApiCost), figure.Chart.Series.Single(s => s.Name == "API cost").Y);
        Assert.Equal(2, report.Sections.Count(s => s.Id == "acquire"));

        Assert.Equal(ExitCodes.Usage, CliRunner.Run("acquire", "-c", config, "-o", temp.File("x"), "--lambdas", "0,-1").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("acquire", "-c", config, "-o", temp.File("y"), "--lambdas", "2").ExitCode);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("acquire", "-c", config, "-o", temp.File("z"), "--lambdas", "0,1", "--lambda", "3").ExitCode);
    }

    [Fact]
    public void Tasks_can_come_from_a_pool_grouped_by_tag()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var world = temp.File("world");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("world", "generate", "--small", "--seed", "2", "-o", world).ExitCode);
        var config = temp.Write("ads.yaml", TinyConfig + "\ntasks_pool: world/pool\n");
        var runFolder = temp.File("run");
        var run = CliRunner.Run("acquire", "-c", config, "-o", runFolder);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var tasks = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "evaluation_results.json"))).RootElement.GetProperty("task_results").EnumerateArray().ToList();
        Assert.NotEmpty(tasks);
        Assert.All(tasks, t => Assert.StartsWith("pool-", t.GetProperty("task_id").GetString(), StringComparison.Ordinal));
        Assert.Contains(tasks, t => t.GetProperty("task_id").GetString() == "pool-reverse");
        Assert.Contains("tasks_pool:", File.ReadAllText(Path.Combine(runFolder, "config.yaml")));
    }
}
