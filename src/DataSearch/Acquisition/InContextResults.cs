using System.Text.Json.Serialization;
using DataSearch.IO;

namespace DataSearch.Acquisition;

/// <summary>One task's in-context result beside its fine-tuning result.</summary>
public sealed record InContextTaskResult
{
    [JsonPropertyName("task_id")]
    public required string TaskId { get; init; }

    [JsonPropertyName("category")]
    public required string Category { get; init; }

    /// <summary>The reader's test score with the task's nearest acquired samples before each question, in percent.</summary>
    [JsonPropertyName("in_context_score")]
    public required double InContextScore { get; init; }

    /// <summary>The reader's test score on the bare questions, in percent.</summary>
    [JsonPropertyName("no_context_score")]
    public required double NoContextScore { get; init; }

    /// <summary>The fine-tuned policy's test score and its base policy's (from evaluation_results.json).</summary>
    [JsonPropertyName("fine_tuned_score")]
    public required double FineTunedScore { get; init; }

    [JsonPropertyName("base_score")]
    public required double BaseScore { get; init; }

    /// <summary>Acquired samples of the task the examples were drawn from.</summary>
    [JsonPropertyName("acquired_samples")]
    public required int AcquiredSamples { get; init; }

    /// <summary>Examples placed before a question, on average (fewer than asked when they do not fit).</summary>
    [JsonPropertyName("mean_examples_shown")]
    public required double MeanExamplesShown { get; init; }

    [JsonPropertyName("outcome")]
    public string Outcome => OutcomeRates.Outcome(InContextScore, NoContextScore);
}

/// <summary>The headline figures of in-context use against the same reader without context, and against fine-tuning.</summary>
public sealed record InContextMetrics
{
    [JsonPropertyName("win_rate")]
    public required double WinRate { get; init; }

    [JsonPropertyName("tie_rate")]
    public required double TieRate { get; init; }

    [JsonPropertyName("loss_rate")]
    public required double LossRate { get; init; }

    [JsonPropertyName("avg_in_context_score")]
    public required double AverageInContextScore { get; init; }

    [JsonPropertyName("avg_no_context_score")]
    public required double AverageNoContextScore { get; init; }

    [JsonPropertyName("avg_fine_tuned_score")]
    public required double AverageFineTunedScore { get; init; }

    [JsonPropertyName("avg_base_score")]
    public required double AverageBaseScore { get; init; }

    /// <summary>Mean gain of in-context use over the bare reader; of fine-tuning over the base policy.</summary>
    [JsonPropertyName("in_context_gain")]
    public required double InContextGain { get; init; }

    [JsonPropertyName("fine_tuning_gain")]
    public required double FineTuningGain { get; init; }

    [JsonPropertyName("examples")]
    public required int Examples { get; init; }

    [JsonPropertyName("reader_context")]
    public required int ReaderContext { get; init; }

    /// <summary>Who read the examples: <c>reader</c> (the embedded reader model, <see cref="ReaderContext"/> bytes) or <c>policy</c> (the base policy of a command or endpoint backend).</summary>
    [JsonPropertyName("reader")]
    public string Reader { get; init; } = "reader";

    [JsonPropertyName("seconds")]
    public required double Seconds { get; init; }

    /// <summary>Summarises <paramref name="tasks"/>.</summary>
    public static InContextMetrics Of(IReadOnlyList<InContextTaskResult> tasks, InContextSettings settings, double seconds)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(settings);
        double Mean(Func<InContextTaskResult, double> value) => tasks.Count == 0 ? 0 : tasks.Average(value);
        var rates = OutcomeRates.Of([.. tasks.Select(t => t.Outcome)]);
        return new InContextMetrics
        {
            WinRate = rates.Win,
            TieRate = rates.Tie,
            LossRate = rates.Loss,
            AverageInContextScore = Mean(t => t.InContextScore),
            AverageNoContextScore = Mean(t => t.NoContextScore),
            AverageFineTunedScore = Mean(t => t.FineTunedScore),
            AverageBaseScore = Mean(t => t.BaseScore),
            InContextGain = Mean(t => t.InContextScore - t.NoContextScore),
            FineTuningGain = Mean(t => t.FineTunedScore - t.BaseScore),
            Examples = settings.Examples,
            ReaderContext = settings.Context,
            Seconds = Math.Round(seconds, 1),
        };
    }
}

/// <summary><c>results/in_context_results.json</c>: in-context use of the optimizer's acquired data.</summary>
public sealed record InContextResults
{
    [JsonPropertyName("metrics")]
    public required InContextMetrics Metrics { get; init; }

    [JsonPropertyName("task_results")]
    public required IReadOnlyList<InContextTaskResult> TaskResults { get; init; }

    /// <summary>Reads an <c>in_context_results.json</c>.</summary>
    public static InContextResults Read(string path) => JsonFile.Read<InContextResults>(path, "an in-context result");
}
