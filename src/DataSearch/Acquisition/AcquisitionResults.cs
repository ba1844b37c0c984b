using System.Text.Json.Serialization;
using DataSearch.IO;

namespace DataSearch.Acquisition;

/// <summary>One task's result in <c>evaluation_results.json</c> (the ADS reference's fields first).</summary>
public sealed record TaskResult
{
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    [JsonPropertyName("instruction")]
    public required string Instruction { get; init; }

    /// <summary>The task's tag (a skill, or knowledge); empty in files written before it was kept.</summary>
    [JsonPropertyName("category")]
    public string Category { get; init; } = string.Empty;

    /// <summary><c>held_out</c> (the optimizer never saw the task) or <c>training</c>; null in files written before tasks were held out.</summary>
    [JsonPropertyName("split")]
    public string? Split { get; init; }

    /// <summary>Test score after fine-tuning the base policy on the acquired data, in percent.</summary>
    [JsonPropertyName("score")]
    public required double Score { get; init; }

    /// <summary>The base policy's test score, in percent.</summary>
    [JsonPropertyName("base_score")]
    public required double BaseScore { get; init; }

    [JsonPropertyName("api_cost")]
    public required double ApiCost { get; init; }

    [JsonPropertyName("trajectory")]
    public required string Trajectory { get; init; }

    /// <summary>Score − λ·cost relative to the base policy.</summary>
    [JsonPropertyName("reward")]
    public required double Reward { get; init; }

    /// <summary>The test score of the policy trained through all iterations (null for baselines).</summary>
    [JsonPropertyName("final_policy_score")]
    public double? FinalPolicyScore { get; init; }

    [JsonPropertyName("samples")]
    public required int Samples { get; init; }

    /// <summary>Samples dropped for overlapping a benchmark, as "benchmark: prompt".</summary>
    [JsonPropertyName("decontaminated")]
    public required IReadOnlyList<string> Decontaminated { get; init; }

    [JsonPropertyName("errors")]
    public required IReadOnlyList<string> Errors { get; init; }

    [JsonPropertyName("outcome")]
    public string Outcome => OutcomeRates.Outcome(Score, BaseScore);
}

/// <summary>The headline figures of one method over all tasks.</summary>
public sealed record EvaluationMetrics
{
    [JsonPropertyName("win_rate")]
    public required double WinRate { get; init; }

    [JsonPropertyName("tie_rate")]
    public required double TieRate { get; init; }

    [JsonPropertyName("loss_rate")]
    public required double LossRate { get; init; }

    [JsonPropertyName("avg_score")]
    public required double AverageScore { get; init; }

    [JsonPropertyName("avg_base_score")]
    public required double AverageBaseScore { get; init; }

    [JsonPropertyName("completed_tasks")]
    public required int CompletedTasks { get; init; }

    [JsonPropertyName("total_api_cost")]
    public required double TotalApiCost { get; init; }

    [JsonPropertyName("mean_reward")]
    public required double MeanReward { get; init; }

    /// <summary>Mean score gain per cost unit (null when nothing was spent).</summary>
    [JsonPropertyName("gain_per_cost")]
    public double? GainPerCost { get; init; }

    [JsonPropertyName("lambda")]
    public required double Lambda { get; init; }

    /// <summary>Summarises <paramref name="tasks"/>.</summary>
    public static EvaluationMetrics Of(IReadOnlyList<TaskResult> tasks, double lambda)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var cost = tasks.Sum(t => t.ApiCost);
        var gain = tasks.Sum(t => t.Score - t.BaseScore);
        var rates = OutcomeRates.Of([.. tasks.Select(t => t.Outcome)]);
        return new EvaluationMetrics
        {
            WinRate = rates.Win,
            TieRate = rates.Tie,
            LossRate = rates.Loss,
            AverageScore = tasks.Count == 0 ? 0 : tasks.Average(t => t.Score),
            AverageBaseScore = tasks.Count == 0 ? 0 : tasks.Average(t => t.BaseScore),
            CompletedTasks = tasks.Count,
            TotalApiCost = cost,
            MeanReward = tasks.Count == 0 ? 0 : tasks.Average(t => t.Reward),
            GainPerCost = cost > 0 ? gain / cost : null,
            Lambda = lambda,
        };
    }
}

/// <summary>One method's results on every task (<c>results/evaluation_results.json</c> for the trained optimizer).</summary>
public sealed record AcquisitionEvaluation
{
    [JsonPropertyName("method")]
    public required string Method { get; init; }

    /// <summary>The headline: over the held-out tasks when some are held out, else over every task.</summary>
    [JsonPropertyName("metrics")]
    public required EvaluationMetrics Metrics { get; init; }

    /// <summary>The same figures over the training tasks, when some tasks are held out (null otherwise).</summary>
    [JsonPropertyName("training_task_metrics")]
    public EvaluationMetrics? TrainingTaskMetrics { get; init; }

    [JsonPropertyName("task_results")]
    public required IReadOnlyList<TaskResult> TaskResults { get; init; }

    /// <summary>Under what conditions the figures were measured (absent in files written before 2026-12-06).</summary>
    [JsonPropertyName("conditions")]
    public EvaluationConditions? Conditions { get; init; }

    /// <summary>Reads an <c>evaluation_results.json</c>.</summary>
    public static AcquisitionEvaluation Read(string path) => JsonFile.Read<AcquisitionEvaluation>(path, "an acquisition result");
}

/// <summary>What a reader of acquisition figures must know to trust them: where the data came from, how much was removed, which tasks were seen.</summary>
/// <param name="Teacher">The teacher that wrote demonstrations and answers (<c>world</c>, <c>llm</c>, <c>command</c>).</param>
/// <param name="TeacherErrorRate">The built-in teacher's configured error rate; null for a teacher whose errors are not known.</param>
/// <param name="Decontaminated">Acquired samples removed for overlapping a benchmark or a task's dev or test question (exact or 13-gram), over every task.</param>
/// <param name="TaskSplit">Which tasks the figures are on, relative to those the optimizer learned on.</param>
public sealed record EvaluationConditions(
    [property: JsonPropertyName("teacher")] string Teacher,
    [property: JsonPropertyName("teacher_error_rate")] double? TeacherErrorRate,
    [property: JsonPropertyName("decontaminated")] int Decontaminated,
    [property: JsonPropertyName("task_split")] string TaskSplit);

/// <summary>One trajectory tried while learning: kept with its iteration, and what the optimizer learns from.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Category">The task's tag.</param>
/// <param name="Text">The trajectory as written (possibly malformed).</param>
/// <param name="Plan">The optimizer's own label for how it made the trajectory, or null.</param>
/// <param name="Gain">Score change on the task's dev questions, in points.</param>
/// <param name="Cost">Cost units spent.</param>
/// <param name="Reward">Gain − λ·cost.</param>
/// <param name="Samples">Training samples it produced (after decontamination).</param>
/// <param name="Removed">Samples decontamination removed.</param>
/// <param name="Errors">Failed and skipped calls, with reasons.</param>
public sealed record TrajectoryRecord(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("plan")] string? Plan,
    [property: JsonPropertyName("gain")] double Gain,
    [property: JsonPropertyName("cost")] double Cost,
    [property: JsonPropertyName("reward")] double Reward,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("removed")] int Removed,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors);

/// <summary>One iteration in <c>results/training_metrics.json</c>.</summary>
public sealed record IterationMetrics
{
    [JsonPropertyName("iteration")]
    public required int Iteration { get; init; }

    [JsonPropertyName("tasks")]
    public required IReadOnlyList<string> Tasks { get; init; }

    [JsonPropertyName("reward_mean")]
    public required double RewardMean { get; init; }

    [JsonPropertyName("reward_std")]
    public required double RewardStd { get; init; }

    [JsonPropertyName("gain_mean")]
    public required double GainMean { get; init; }

    [JsonPropertyName("cost_mean")]
    public required double CostMean { get; init; }

    [JsonPropertyName("api_cost")]
    public required double ApiCost { get; init; }

    /// <summary>The optimizer's learning loss (for the heuristic: squared error of its reward estimates), or null.</summary>
    [JsonPropertyName("optimizer_loss")]
    public double? OptimizerLoss { get; init; }

    /// <summary>The policy's mean dev score over all tasks before and after the iteration (after: of the policy kept).</summary>
    [JsonPropertyName("policy_score_before")]
    public required double PolicyScoreBefore { get; init; }

    [JsonPropertyName("policy_score_after")]
    public required double PolicyScoreAfter { get; init; }

    /// <summary>The mean dev score the iteration's update reached (equal to the score after when it was kept).</summary>
    [JsonPropertyName("policy_update_score")]
    public double? PolicyUpdateScore { get; init; }

    /// <summary>Whether the update was kept (false: it lowered the mean dev score and was dropped; null in older runs).</summary>
    [JsonPropertyName("policy_update_accepted")]
    public bool? PolicyUpdateAccepted { get; init; }

    /// <summary>The update's training data: this iteration's best samples, and those replayed from earlier iterations (null in older runs).</summary>
    [JsonPropertyName("policy_update_samples")]
    public int? PolicyUpdateSamples { get; init; }

    [JsonPropertyName("policy_update_replayed")]
    public int? PolicyUpdateReplayed { get; init; }

    /// <summary>The update's optimizer steps (0 when there was no data to train on; null in older runs).</summary>
    [JsonPropertyName("policy_update_steps")]
    public int? PolicyUpdateSteps { get; init; }

    [JsonPropertyName("policy_scores")]
    public required IReadOnlyDictionary<string, double> PolicyScores { get; init; }

    [JsonPropertyName("seconds")]
    public required double Seconds { get; init; }

    [JsonPropertyName("trajectories")]
    public required IReadOnlyList<TrajectoryRecord> Trajectories { get; init; }
}
