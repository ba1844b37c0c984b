using System.Diagnostics;
using System.Text.Json;
using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using DataSearch.Acquisition.Policies;
using DataSearch.Environments;
using DataSearch.IO;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Randomness;
using MathNet.Numerics.Statistics;

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
    /// <summary>The most a replayed update's steps grow over <c>policy_steps</c>.</summary>
    public const int MaxReplayScale = 3;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly AcquisitionConfig config;
    private readonly TaskSplit split;
    // The tasks the optimizer learns on; held-out tasks are read only by Evaluate.
    private readonly IReadOnlyList<AcquisitionTask> tasks;
    private readonly TrajectoryExecutor executor;
    private readonly AcquisitionApis apis;
    private readonly IPolicyBackend trainer;
    private readonly IPolicy basePolicy;
    private readonly string runFolder;
    private readonly Action<string> log;
    private readonly CostLedger ledger;
    // The base policy's test score and probe analysis per task: the same for every method evaluated.
    private readonly Dictionary<string, (double TestScore, TaskAnalysis Analysis)> baseline = new(StringComparer.Ordinal);

    public AcquisitionLoop(
        AcquisitionConfig config,
        TaskSplit split,
        AcquisitionApis apis,
        TrajectoryExecutor executor,
        IPolicyBackend trainer,
        IPolicy basePolicy,
        string runFolder,
        Action<string> log)
    {
        this.config = config;
        ArgumentNullException.ThrowIfNull(split);
        this.split = split;
        tasks = split.Training;
        this.apis = apis;
        this.executor = executor;
        this.trainer = trainer;
        this.basePolicy = basePolicy;
        this.runFolder = runFolder;
        this.log = log;
        ledger = new CostLedger(new AcquisitionRunFolder(runFolder).CostLedger);
    }

    /// <summary>Where the time of this loop's work has gone so far.</summary>
    public AcquisitionTimings Timings { get; } = new();

    /// <summary>The cost ledger of the run.</summary>
    public CostLedger Ledger => ledger;

    /// <summary>The policy checkpointed at <paramref name="path"/>.</summary>
    public IPolicy LoadPolicy(string path) => trainer.Load(path);

    /// <summary>The folder of iteration <paramref name="iteration"/>'s checkpoint.</summary>
    public string IterationFolder(int iteration) => new AcquisitionRunFolder(runFolder).Iteration(iteration);

    /// <summary>Iterations completed on disk (a checkpoint counts once its <c>done.json</c> is written).</summary>
    public IReadOnlyList<IterationMetrics> CompletedIterations()
    {
        var done = new List<IterationMetrics>();
        for (var i = 1; File.Exists(Path.Combine(IterationFolder(i), "done.json")); i++)
        {
            done.Add(JsonFile.Read<IterationMetrics>(Path.Combine(IterationFolder(i), "done.json"), "an iteration's metrics", Json));
        }

        return done;
    }

    /// <summary>
    /// Runs the iterations not yet completed, starting from the last checkpoint, and returns the trained
    /// policy (the base policy when there are no iterations) with every iteration's metrics.
    /// </summary>
    public (IPolicy Policy, IReadOnlyList<IterationMetrics> Metrics) Train(ITrajectoryOptimizer optimizer, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var metrics = CompletedIterations().ToList();
        var policy = basePolicy.Clone();
        if (metrics.Count > 0)
        {
            var last = IterationFolder(metrics.Count);
            policy.Dispose();
            policy = trainer.Load(AcquisitionRunFolder.Policy(last));
            optimizer.LoadState(File.ReadAllText(AcquisitionRunFolder.OptimizerState(last)));
            log($"resuming after iteration {metrics.Count} (its policy and optimizer state are loaded; finished iterations are not repeated)");
        }

        for (var iteration = metrics.Count + 1; iteration <= config.Iterations; iteration++)
        {
            var result = Iteration(iteration, policy, metrics.Count > 0 ? metrics[^1].PolicyScores : null, optimizer, progress, cancellation);
            policy.Dispose();
            policy = result.Policy;
            metrics.Add(result.Metrics);
            WriteTrainingMetrics(metrics);
        }

        WriteTrainingMetrics(metrics);
        return (policy, metrics);
    }

    /// <param name="iteration">Its number, from 1.</param>
    /// <param name="policy">The policy it starts from.</param>
    /// <param name="devScores">That policy's dev score per task when the previous iteration measured them, else null.</param>
    /// <param name="optimizer">Proposes the trajectories and learns from their rewards.</param>
    /// <param name="progress">Trajectories tried so far.</param>
    /// <param name="cancellation">Stops between trajectories.</param>
    private (IPolicy Policy, IterationMetrics Metrics) Iteration(int iteration, IPolicy policy, IReadOnlyDictionary<string, double>? devScores, ITrajectoryOptimizer optimizer, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        var random = new DeterministicRandom(config.Seed ^ ((ulong)iteration * 0x9E3779B97F4A7C15UL));
        var order = tasks.ToList();
        random.Shuffle(order);
        var chosen = order.Take(config.TasksPerIteration).ToList();
        log($"iteration {iteration}/{config.Iterations}: tasks {string.Join(", ", chosen.Select(t => t.Id))}");
        var before = devScores ?? tasks.ToDictionary(t => t.Id, t => Score(policy, t, t.Dev), StringComparer.Ordinal);
        var records = new List<TrajectoryRecord>();
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

        var loss = optimizer.Learn(records);
        // With replay, the update also sees the best data of earlier iterations, so that learning this
        // iteration's tasks does not make the policy forget theirs.
        var updateData = trainer.Settings.ReplayEarlierIterations ? [.. EarlierPolicyData(iteration), .. bestData] : bestData;
        var steps = bestData.Count > 0 ? ReplaySteps(trainer.Settings.PolicySteps, bestData.Count, updateData.Count) : 0;
        var updated = steps > 0 ? Update(policy, updateData, steps, random.NextUInt64(), cancellation) : policy.Clone();
        var after = tasks.ToDictionary(t => t.Id, t => Score(updated, t, t.Dev), StringComparer.Ordinal);
        var updateScore = after.Values.Average();
        var accepted = bestData.Count == 0 || !trainer.Settings.RejectWorseUpdates || updateScore >= before.Values.Average();
        if (!accepted)
        {
            // One iteration's best data can make the shared policy forget other tasks; such an update is
            // dropped, so the next iteration's rewards are measured against a policy that did not get worse.
            log($"policy update rejected: mean dev score {before.Values.Average():0.0} → {updateScore:0.0}; the iteration's policy is kept");
            updated.Dispose();
            updated = policy.Clone();
            after = new Dictionary<string, double>(before, StringComparer.Ordinal);
        }

        var rewards = records.Select(r => r.Reward).ToList();
        var mean = rewards.Average();
        var metrics = new IterationMetrics
        {
            Iteration = iteration,
            Tasks = [.. chosen.Select(t => t.Id)],
            RewardMean = mean,
            RewardStd = rewards.PopulationStandardDeviation(),
            GainMean = records.Average(r => r.Gain),
            CostMean = records.Average(r => r.Cost),
            ApiCost = records.Sum(r => r.Cost),
            OptimizerLoss = loss,
            PolicyScoreBefore = before.Values.Average(),
            PolicyScoreAfter = after.Values.Average(),
            PolicyUpdateScore = updateScore,
            PolicyUpdateAccepted = accepted,
            PolicyUpdateSamples = bestData.Count,
            PolicyUpdateReplayed = updateData.Count - bestData.Count,
            PolicyUpdateSteps = steps,
            PolicyScores = after,
            Seconds = watch.Elapsed.TotalSeconds,
            Trajectories = records,
        };

        var folder = IterationFolder(iteration);
        Directory.CreateDirectory(folder);
        updated.Save(AcquisitionRunFolder.Policy(folder));
        WriteJson(AcquisitionRunFolder.PolicyData(folder), bestData);
        AtomicFile.WriteAllText(AcquisitionRunFolder.OptimizerState(folder), optimizer.SaveState());
        WriteJson(Path.Combine(folder, "done.json"), metrics);
        log($"iteration {iteration} done in {metrics.Seconds:0} s: reward {metrics.RewardMean:0.00} ± {metrics.RewardStd:0.00}, cost {metrics.ApiCost:0.#}, policy dev score {metrics.PolicyScoreBefore:0.0} → {metrics.PolicyScoreAfter:0.0} ({bestData.Count} samples{(metrics.PolicyUpdateReplayed > 0 ? $" + {metrics.PolicyUpdateReplayed} replayed from earlier iterations, {steps} steps" : string.Empty)}); time so far: updates {Timings.UpdateSeconds:0} s, decoding {Timings.DecodeSeconds:0} s, API calls {Timings.ApiSeconds:0.0} s");
        return (updated, metrics);
    }

    /// <summary>
    /// The best fixed plan per task family (category), chosen on the development split only: every plan
    /// of the heuristic's menu is run once on each task, the base policy updated on its data and scored on
    /// the task's dev questions; the plan with the highest mean reward (gain − λ·cost) over the family's
    /// tasks wins (ties: the first by name); returned as the baseline optimizer, with every plan ranked over
    /// all training tasks for families without a choice. Test questions and held-out tasks are never read.
    /// </summary>
    public FixedPlanOptimizer ChooseFixedPlans(IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        var rewards = new Dictionary<(string Family, string Plan), List<double>>();
        var random = new DeterministicRandom(config.Seed ^ 0xF1CEDUL);
        for (var t = 0; t < tasks.Count; t++)
        {
            var task = tasks[t];
            var (_, analysis) = Baseline(task);
            var before = Score(basePolicy, task, task.Dev);
            var input = OptimizerInput.Of(task, analysis, config.Limits, config.Costs);
            foreach (var (label, plan) in HeuristicOptimizer.PlansFor(input).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                cancellation.ThrowIfCancellationRequested();
                var (record, _) = Try(basePolicy, task, new ProposedTrajectory(plan.ToString(), label), before, FixedPlanOptimizer.Kind, 0, t, random.NextUInt64(), cancellation);
                var key = (task.Category, label);
                if (!rewards.TryGetValue(key, out var list))
                {
                    rewards[key] = list = [];
                }

                list.Add(record.Reward);
            }

            progress?.Report(new ProgressReport("choose fixed plans on dev", t + 1, tasks.Count, "tasks"));
        }

        var chosen = rewards.GroupBy(r => r.Key.Family, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.OrderByDescending(r => r.Value.Average()).ThenBy(r => r.Key.Plan, StringComparer.Ordinal).First().Key.Plan,
            StringComparer.Ordinal);
        log($"best fixed plan per family, chosen on dev: {string.Join(", ", chosen.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} → {c.Value} (mean reward {rewards[(c.Key, c.Value)].Average():0.00})"))}");
        // A held-out task of a family no training task has gets the best plan over all training tasks that
        // applies to it (a skill task cannot look up names).
        var overall = rewards.GroupBy(r => r.Key.Plan, StringComparer.Ordinal)
            .Select(g => (Plan: g.Key, Mean: g.SelectMany(r => r.Value).Average()))
            .OrderByDescending(p => p.Mean).ThenBy(p => p.Plan, StringComparer.Ordinal).ToList();
        log($"fixed plans over every training task, for families without a choice: {string.Join(", ", overall.Select(p => $"{p.Plan} ({p.Mean:0.00})"))}");
        return new FixedPlanOptimizer(chosen, [.. overall.Select(p => p.Plan)]);
    }

    /// <summary>
    /// Evaluates a method on every task's test questions, training and held-out: the optimizer writes its
    /// best trajectory for the task, the base policy is fine-tuned on what it returned, and the score is
    /// compared with the base policy's. <paramref name="finalPolicy"/>, when given, is scored on the same
    /// questions too. The headline metrics are over the held-out tasks when there are any; the training
    /// tasks' metrics are kept beside them.
    /// </summary>
    public AcquisitionEvaluation Evaluate(string method, ITrajectoryOptimizer optimizer, IPolicy? finalPolicy, IProgress<ProgressReport>? progress, CancellationToken cancellation, List<AcquiredSample>? acquired = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var results = new List<TaskResult>();
        var random = new DeterministicRandom(config.Seed ^ 0xE7A1UL);
        var all = split.All;
        for (var t = 0; t < all.Count; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            var task = all[t];
            var (baseScore, analysis) = Baseline(task);
            var input = OptimizerInput.Of(task, analysis, config.Limits, config.Costs);
            var proposal = optimizer.Best(input, random.NextUInt64());
            var seed = random.NextUInt64();
            var (score, execution, errors) = Run(basePolicy, task, proposal, method, 0, t, seed, task.Test, cancellation);
            acquired?.AddRange(execution?.Samples ?? []);
            var cost = execution?.Cost ?? config.Costs.InvalidCall;
            results.Add(new TaskResult
            {
                TaskId = task.Id,
                Instruction = task.Instruction,
                Category = task.Category,
                Split = split.SplitOf(task),
                Score = score ?? baseScore,
                BaseScore = baseScore,
                ApiCost = cost,
                Trajectory = proposal.Text,
                Reward = (score ?? baseScore) - baseScore - (config.Lambda * cost),
                FinalPolicyScore = finalPolicy is null ? null : Score(finalPolicy, task, task.Test),
                Samples = execution?.Samples.Count ?? 0,
                Decontaminated = [.. (execution?.Removed ?? []).Select(r => $"{r.Benchmark}: {r.Sample.Prompt}")],
                Errors = errors,
            });
            progress?.Report(new ProgressReport($"evaluate {method}", t + 1, all.Count, "tasks"));
        }

        var headline = split.HasHeldOut ? results.Where(r => r.Split == TaskSplit.HeldOutName).ToList() : results;
        var evaluation = new AcquisitionEvaluation
        {
            Method = method,
            Metrics = EvaluationMetrics.Of(headline, config.Lambda),
            TrainingTaskMetrics = split.HasHeldOut ? EvaluationMetrics.Of([.. results.Where(r => r.Split == TaskSplit.TrainingName)], config.Lambda) : null,
            TaskResults = results,
            Conditions = new EvaluationConditions(
                config.Teacher,
                config.Teacher == "world" ? config.TeacherNoise : null,
                results.Sum(r => r.Decontaminated.Count),
                split.Describe()),
        };
        var m = evaluation.Metrics;
        log($"evaluated {method}{(split.HasHeldOut ? $" on {headline.Count} held-out tasks" : string.Empty)}: win {m.WinRate:P0} / tie {m.TieRate:P0} / loss {m.LossRate:P0}, avg score {m.AverageScore:0.0} (base {m.AverageBaseScore:0.0}), cost {m.TotalApiCost:0.#}, mean reward {m.MeanReward:0.00}");
        if (evaluation.TrainingTaskMetrics is { } training)
        {
            log($"  on the {results.Count - headline.Count} training tasks: avg score {training.AverageScore:0.0} (base {training.AverageBaseScore:0.0}), cost {training.TotalApiCost:0.#}, mean reward {training.MeanReward:0.00}");
        }

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

    private (TrajectoryRecord Record, IReadOnlyList<AcquiredSample> Samples) Try(IPolicy policy, AcquisitionTask task, ProposedTrajectory proposal, double before, string phase, int iteration, int index, ulong seed, CancellationToken cancellation)
    {
        var (score, execution, errors) = Run(policy, task, proposal, phase, iteration, index, seed, task.Dev, cancellation);
        var cost = execution?.Cost ?? config.Costs.InvalidCall;
        var gain = (score ?? before) - before;
        var record = new TrajectoryRecord(task.Id, task.Category, proposal.Text, proposal.Plan, gain, cost, gain - (config.Lambda * cost), execution?.Samples.Count ?? 0, execution?.Removed.Count ?? 0, errors);
        return (record, execution?.Samples ?? []);
    }

    /// <summary>Parses and executes a trajectory, updates a copy of <paramref name="from"/> on its data and scores it on <paramref name="items"/>; a null score means no data (the score is unchanged).</summary>
    private (double? Score, Execution? Execution, IReadOnlyList<string> Errors) Run(IPolicy from, AcquisitionTask task, ProposedTrajectory proposal, string phase, int iteration, int index, ulong seed, IReadOnlyList<Evaluation.BenchmarkItem> items, CancellationToken cancellation)
    {
        if (TrajectoryParser.TryParse(proposal.Text, out var syntax) is not { } trajectory)
        {
            ledger.Record(new LedgerEntry(iteration, phase, task.Id, index, -1, "invalid", proposal.Text, config.Costs.InvalidCall, 0, 0, false, 0, syntax!.Message));
            return (null, null, [syntax.Message]);
        }

        var execution = Timings.Api(() => executor.Execute(
            trajectory,
            task.Id,
            (i, c) => ledger.Record(new LedgerEntry(iteration, phase, task.Id, index, i, c.Api, c.Call.ToString(), c.Cost, c.Tokens, c.Seconds, c.Cached, c.Samples.Count, c.Error)),
            cancellation,
            task.Instruction));
        var errors = execution.Errors.Concat(execution.Skipped).ToList();
        if (execution.Samples.Count == 0)
        {
            return (null, execution, errors);
        }

        using var updated = Update(from, execution.Samples, trainer.Settings.UpdateSteps, seed, cancellation);
        return (Score(updated, task, items), execution, errors);
    }

    private TaskAnalysis Analyse(IPolicy policy, AcquisitionTask task) =>
        TaskAnalysis.Of(task, Timings.Decode(() => policy.Answer(task.Probes, CancellationToken.None)), task.Checker.Check);

    private (double TestScore, TaskAnalysis Analysis) Baseline(AcquisitionTask task)
    {
        if (!baseline.TryGetValue(task.Id, out var known))
        {
            baseline[task.Id] = known = (Score(basePolicy, task, task.Test), Analyse(basePolicy, task));
        }

        return known;
    }

    private double Score(IPolicy model, AcquisitionTask task, IReadOnlyList<Evaluation.BenchmarkItem> items) =>
        Timings.Decode(() => PolicyScore.Of(model, items, task.Checker.Check));

    /// <summary>The best data of iterations before <paramref name="iteration"/> (none from runs written before it was kept).</summary>
    private List<AcquiredSample> EarlierPolicyData(int iteration) =>
        [.. Enumerable.Range(1, iteration - 1).Select(i => AcquisitionRunFolder.PolicyData(IterationFolder(i))).Where(File.Exists)
            .SelectMany(path => JsonFile.Read<List<AcquiredSample>>(path, "an iteration's policy data", Json))];

    /// <summary>
    /// Steps of a policy update on <paramref name="total"/> samples of which <paramref name="fresh"/> are
    /// this iteration's: scaled so that the fresh data gets as many passes as without replay, at most
    /// <see cref="MaxReplayScale"/> times the configured steps (the loop's cost stays bounded).
    /// </summary>
    public static int ReplaySteps(int steps, int fresh, int total) =>
        fresh <= 0 || total <= fresh ? steps : (int)Math.Min(steps * MaxReplayScale, Math.Round(steps * (double)total / fresh));

    private IPolicy Update(IPolicy from, IReadOnlyList<AcquiredSample> samples, int steps, ulong seed, CancellationToken cancellation) =>
        Timings.Update(() => trainer.Update(from, samples, steps, seed, cancellation));

    private void WriteTrainingMetrics(IReadOnlyList<IterationMetrics> metrics) =>
        WriteJson(new AcquisitionRunFolder(runFolder).TrainingMetrics, metrics);

    /// <summary>Writes <paramref name="value"/> atomically as indented JSON, as every results file of a run is written.</summary>
    public static void WriteJson<T>(string path, T value) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, Json) + "\n");

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..97] + "...";
}
