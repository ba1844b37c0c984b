using System.Diagnostics;
using System.Text.Json;
using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using DataSearch.IO;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.World;

namespace DataSearch.Models.Acquisition;

/// <summary>
/// The active-data-search loop. Each iteration samples tasks, analyses what the current policy lacks,
/// lets the optimizer write several trajectories per task, runs them, fine-tunes a copy of the policy on
/// each trajectory's data and rewards it with the dev-score gain minus λ·cost, lets the optimizer learn,
/// then updates the policy on every task's best data and checkpoints. <see cref="Evaluate"/> measures a
/// method on the tasks' test questions. A run folder holds everything; a completed iteration is never
/// repeated after a crash.
/// </summary>
public sealed class AcquisitionLoop
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly AcquisitionConfig config;
    private readonly IReadOnlyList<AcquisitionTask> tasks;
    private readonly TrajectoryExecutor executor;
    private readonly AcquisitionApis apis;
    private readonly PolicyTrainer trainer;
    private readonly LanguageModel basePolicy;
    private readonly string runFolder;
    private readonly Action<string> log;
    private readonly CostLedger ledger;
    private readonly Dictionary<string, double> baseTestScores = new(StringComparer.Ordinal);

    public AcquisitionLoop(
        AcquisitionConfig config,
        IReadOnlyList<AcquisitionTask> tasks,
        AcquisitionApis apis,
        TrajectoryExecutor executor,
        PolicyTrainer trainer,
        LanguageModel basePolicy,
        string runFolder,
        Action<string> log)
    {
        this.config = config;
        this.tasks = tasks;
        this.apis = apis;
        this.executor = executor;
        this.trainer = trainer;
        this.basePolicy = basePolicy;
        this.runFolder = runFolder;
        this.log = log;
        ledger = new CostLedger(Path.Combine(runFolder, "logs", "cost_ledger.jsonl"));
    }

    /// <summary>The cost ledger of the run.</summary>
    public CostLedger Ledger => ledger;

    /// <summary>The folder of iteration <paramref name="iteration"/>'s checkpoint.</summary>
    public string IterationFolder(int iteration) => Path.Combine(runFolder, "checkpoints", $"iteration-{iteration:D3}");

    /// <summary>Iterations completed on disk (a checkpoint counts once its <c>done.json</c> is written).</summary>
    public IReadOnlyList<IterationMetrics> CompletedIterations()
    {
        var done = new List<IterationMetrics>();
        for (var i = 1; File.Exists(Path.Combine(IterationFolder(i), "done.json")); i++)
        {
            done.Add(JsonSerializer.Deserialize<IterationMetrics>(File.ReadAllText(Path.Combine(IterationFolder(i), "done.json")))!);
        }

        return done;
    }

    /// <summary>
    /// Runs the iterations not yet completed, starting from the last checkpoint, and returns the trained
    /// policy (the base policy when there are no iterations) with every iteration's metrics.
    /// </summary>
    public (LanguageModel Policy, IReadOnlyList<IterationMetrics> Metrics) Train(ITrajectoryOptimizer optimizer, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var metrics = CompletedIterations().ToList();
        var policy = basePolicy.Clone();
        if (metrics.Count > 0)
        {
            var last = IterationFolder(metrics.Count);
            policy.Dispose();
            policy = LanguageModel.Load(Path.Combine(last, "policy.pt"));
            optimizer.LoadState(File.ReadAllText(Path.Combine(last, "optimizer.json")));
            log($"resuming after iteration {metrics.Count} (its policy and optimizer state are loaded; finished iterations are not repeated)");
        }

        for (var iteration = metrics.Count + 1; iteration <= config.Iterations; iteration++)
        {
            var result = Iteration(iteration, policy, optimizer, progress, cancellation);
            policy.Dispose();
            policy = result.Policy;
            metrics.Add(result.Metrics);
            WriteTrainingMetrics(metrics);
        }

        WriteTrainingMetrics(metrics);
        return (policy, metrics);
    }

    private (LanguageModel Policy, IterationMetrics Metrics) Iteration(int iteration, LanguageModel policy, ITrajectoryOptimizer optimizer, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var random = new DeterministicRandom(config.Seed ^ ((ulong)iteration * 0x9E3779B97F4A7C15UL));
        var order = tasks.ToList();
        random.Shuffle(order);
        var chosen = order.Take(config.TasksPerIteration).ToList();
        log($"iteration {iteration}/{config.Iterations}: tasks {string.Join(", ", chosen.Select(t => t.Id))}");
        var before = tasks.ToDictionary(t => t.Id, t => PolicyTrainer.Score(policy, t.Dev, CheckerOf(t)), StringComparer.Ordinal);
        var records = new List<TrajectoryRecord>();
        var rewarded = new List<RewardedTrajectory>();
        var bestData = new List<AcquiredSample>();
        var done = 0;
        var total = chosen.Count * config.TrajectoriesPerTask;
        for (var t = 0; t < chosen.Count; t++)
        {
            var task = chosen[t];
            var input = OptimizerInput.Of(task, Analyse(policy, task), config.Limits, config.Costs);
            var proposals = optimizer.Propose(input, config.TrajectoriesPerTask, random.NextUInt64());
            (double Reward, IReadOnlyList<AcquiredSample> Samples) best = (double.NegativeInfinity, []);
            for (var p = 0; p < proposals.Count; p++)
            {
                cancellation.ThrowIfCancellationRequested();
                var seed = random.NextUInt64();
                var (record, samples) = Try(policy, task, proposals[p], before[task.Id], $"train-{iteration}", iteration, p, seed, cancellation);
                records.Add(record);
                rewarded.Add(new RewardedTrajectory(task.Id, task.Category, record.Text, record.Plan, record.Gain, record.Cost, record.Reward));
                if (record.Reward > best.Reward)
                {
                    best = (record.Reward, samples);
                }

                log($"  {task.Id} #{p} [{record.Plan}] gain {record.Gain:+0.0;-0.0;0.0}, cost {record.Cost:0.##}, reward {record.Reward:+0.00;-0.00;0.00}: {Shorten(record.Text)}");
                progress?.Report(new ProgressReport($"iteration {iteration}/{config.Iterations}", ++done, total, "trajectories"));
            }

            if (best.Reward > 0)
            {
                bestData.AddRange(best.Samples);
            }
        }

        var loss = optimizer.Learn(rewarded);
        var updated = bestData.Count > 0
            ? trainer.Update(policy, bestData, trainer.Settings.PolicySteps, random.NextUInt64(), cancellation)
            : policy.Clone();
        var after = tasks.ToDictionary(t => t.Id, t => PolicyTrainer.Score(updated, t.Dev, CheckerOf(t)), StringComparer.Ordinal);
        var rewards = records.Select(r => r.Reward).ToList();
        var mean = rewards.Average();
        var metrics = new IterationMetrics
        {
            Iteration = iteration,
            Tasks = [.. chosen.Select(t => t.Id)],
            RewardMean = mean,
            RewardStd = Math.Sqrt(rewards.Average(r => (r - mean) * (r - mean))),
            GainMean = records.Average(r => r.Gain),
            CostMean = records.Average(r => r.Cost),
            ApiCost = records.Sum(r => r.Cost),
            OptimizerLoss = loss,
            PolicyScoreBefore = before.Values.Average(),
            PolicyScoreAfter = after.Values.Average(),
            PolicyScores = after,
            Seconds = watch.Elapsed.TotalSeconds,
            Trajectories = records,
        };

        var folder = IterationFolder(iteration);
        Directory.CreateDirectory(folder);
        updated.Save(Path.Combine(folder, "policy.pt"));
        AtomicFile.WriteAllText(Path.Combine(folder, "optimizer.json"), optimizer.SaveState());
        AtomicFile.WriteAllText(Path.Combine(folder, "done.json"), JsonSerializer.Serialize(metrics, Json));
        log($"iteration {iteration} done in {metrics.Seconds:0} s: reward {metrics.RewardMean:0.00} ± {metrics.RewardStd:0.00}, cost {metrics.ApiCost:0.#}, policy dev score {metrics.PolicyScoreBefore:0.0} → {metrics.PolicyScoreAfter:0.0} ({bestData.Count} samples)");
        return (updated, metrics);
    }

    /// <summary>
    /// Evaluates a method on every task's test questions: the optimizer writes its best trajectory for
    /// the task, the base policy is fine-tuned on what it returned, and the score is compared with the
    /// base policy's. <paramref name="finalPolicy"/>, when given, is scored on the same questions too.
    /// </summary>
    public AcquisitionEvaluation Evaluate(string method, ITrajectoryOptimizer optimizer, LanguageModel? finalPolicy, IProgress<ProgressReport>? progress, CancellationToken cancellation, List<AcquiredSample>? acquired = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var results = new List<TaskResult>();
        var random = new DeterministicRandom(config.Seed ^ 0xE7A1UL);
        for (var t = 0; t < tasks.Count; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            var task = tasks[t];
            var check = CheckerOf(task);
            var baseScore = BaseTestScore(task);
            var input = OptimizerInput.Of(task, Analyse(basePolicy, task), config.Limits, config.Costs);
            var proposal = optimizer.Best(input, random.NextUInt64());
            var seed = random.NextUInt64();
            var (score, execution, errors) = Run(basePolicy, task, proposal, method, 0, t, seed, task.Test, cancellation);
            acquired?.AddRange(execution?.Samples ?? []);
            var cost = execution?.Cost ?? config.Costs.InvalidCall;
            results.Add(new TaskResult
            {
                TaskId = task.Id,
                Instruction = task.Instruction,
                Score = score ?? baseScore,
                BaseScore = baseScore,
                ApiCost = cost,
                Trajectory = proposal.Text,
                Reward = (score ?? baseScore) - baseScore - (config.Lambda * cost),
                FinalPolicyScore = finalPolicy is null ? null : PolicyTrainer.Score(finalPolicy, task.Test, check),
                Samples = execution?.Samples.Count ?? 0,
                Decontaminated = [.. (execution?.Removed ?? []).Select(r => $"{r.Benchmark}: {r.Sample.Prompt}")],
                Errors = errors,
            });
            progress?.Report(new ProgressReport($"evaluate {method}", t + 1, tasks.Count, "tasks"));
        }

        var evaluation = new AcquisitionEvaluation { Method = method, Metrics = EvaluationMetrics.Of(results, config.Lambda), TaskResults = results };
        var m = evaluation.Metrics;
        log($"evaluated {method}: win {m.WinRate:P0} / tie {m.TieRate:P0} / loss {m.LossRate:P0}, avg score {m.AverageScore:0.0} (base {m.AverageBaseScore:0.0}), cost {m.TotalApiCost:0.#}, mean reward {m.MeanReward:0.00}");
        return evaluation;
    }

    /// <summary>Writes <paramref name="samples"/> as a canonical pool (source = API, tag = task, provenance in metadata).</summary>
    public static void WriteAcquiredPool(IReadOnlyList<AcquiredSample> samples, string folder)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var builder = new PoolBuilder();
        foreach (var sample in samples)
        {
            var metadata = JsonSerializer.Serialize(new { task = sample.TaskId, api = sample.Api, call_index = sample.CallIndex, origin = sample.Origin });
            builder.TryAdd(null, [new ChatMessage(ChatRole.User, sample.Prompt), new ChatMessage(ChatRole.Assistant, sample.Response)], sample.Api, null, [sample.TaskId], metadata, out _, out _);
        }

        PoolStore.Save(builder.Build(), folder, [], overwrite: true);
    }

    private (TrajectoryRecord Record, IReadOnlyList<AcquiredSample> Samples) Try(LanguageModel policy, AcquisitionTask task, ProposedTrajectory proposal, double before, string phase, int iteration, int index, ulong seed, CancellationToken cancellation)
    {
        var (score, execution, errors) = Run(policy, task, proposal, phase, iteration, index, seed, task.Dev, cancellation);
        var cost = execution?.Cost ?? config.Costs.InvalidCall;
        var gain = (score ?? before) - before;
        var record = new TrajectoryRecord(task.Id, proposal.Text, proposal.Plan, gain, cost, gain - (config.Lambda * cost), execution?.Samples.Count ?? 0, execution?.Removed.Count ?? 0, errors);
        return (record, execution?.Samples ?? []);
    }

    /// <summary>Parses and executes a trajectory, updates a copy of <paramref name="from"/> on its data and scores it on <paramref name="items"/>; a null score means no data (the score is unchanged).</summary>
    private (double? Score, Execution? Execution, IReadOnlyList<string> Errors) Run(LanguageModel from, AcquisitionTask task, ProposedTrajectory proposal, string phase, int iteration, int index, ulong seed, IReadOnlyList<Evaluation.BenchmarkItem> items, CancellationToken cancellation)
    {
        if (TrajectoryParser.TryParse(proposal.Text, out var syntax) is not { } trajectory)
        {
            ledger.Record(new LedgerEntry(iteration, phase, task.Id, index, -1, "invalid", proposal.Text, config.Costs.InvalidCall, 0, 0, false, 0, syntax!.Message));
            return (null, null, [syntax.Message]);
        }

        var execution = executor.Execute(
            trajectory,
            task.Id,
            (i, c) => ledger.Record(new LedgerEntry(iteration, phase, task.Id, index, i, c.Api, c.Call.ToString(), c.Cost, c.Tokens, c.Seconds, c.Cached, c.Samples.Count, c.Error)),
            cancellation);
        var errors = execution.Errors.Concat(execution.Skipped).ToList();
        if (execution.Samples.Count == 0)
        {
            return (null, execution, errors);
        }

        using var updated = trainer.Update(from, execution.Samples, trainer.Settings.UpdateSteps, seed, cancellation);
        return (PolicyTrainer.Score(updated, items, CheckerOf(task)), execution, errors);
    }

    private TaskAnalysis Analyse(LanguageModel policy, AcquisitionTask task) =>
        TaskAnalysis.Of(task, policy.Answer(task.Probes), CheckerOf(task));

    private double BaseTestScore(AcquisitionTask task)
    {
        if (!baseTestScores.TryGetValue(task.Id, out var score))
        {
            baseTestScores[task.Id] = score = PolicyTrainer.Score(basePolicy, task.Test, CheckerOf(task));
        }

        return score;
    }

    private static Func<string, string, bool> CheckerOf(AcquisitionTask task) =>
        WorldSkills.CheckerFor(task.Category) ?? ((predicted, expected) => string.Equals(predicted.Trim(), expected.Trim(), StringComparison.Ordinal));

    private void WriteTrainingMetrics(IReadOnlyList<IterationMetrics> metrics) =>
        AtomicFile.WriteAllText(Path.Combine(runFolder, "results", "training_metrics.json"), JsonSerializer.Serialize(metrics, Json));

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..97] + "...";
}
