namespace DataSearch.Models;

/// <summary>How to train: a fixed number of optimiser steps, so that every subset gets the same compute.</summary>
/// <param name="Steps">Optimiser steps.</param>
/// <param name="BatchSize">Rows per step, each filled with whole examples up to the context length.</param>
/// <param name="LearningRate">Peak AdamW learning rate (linear warm-up, then cosine decay to a tenth).</param>
/// <param name="WeightDecay">AdamW weight decay.</param>
/// <param name="WarmupSteps">Steps of linear warm-up.</param>
/// <param name="Seed">Seeds the batch order (and dropout-free training is then deterministic).</param>
/// <param name="PackingLookahead">
/// How many of the next examples packing may choose from to fill a row's room (1: stream order, as
/// every result in the docs was measured; 16 leaves about a third of the padding; docs/performance.md).
/// </param>
public sealed record TrainingOptions(int Steps, int BatchSize, double LearningRate, double WeightDecay, int WarmupSteps, ulong Seed, int PackingLookahead = 1)
{
    /// <summary>Every problem with these options, each naming its field.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Steps < 1)
        {
            problems.Add("steps: must be ≥ 1");
        }

        if (BatchSize < 1)
        {
            problems.Add("batch_size: must be ≥ 1");
        }

        if (LearningRate is <= 0 or > 1)
        {
            problems.Add("learning_rate: must be in (0, 1]");
        }

        if (WeightDecay < 0)
        {
            problems.Add("weight_decay: must be ≥ 0");
        }

        if (WarmupSteps < 0)
        {
            problems.Add("warmup_steps: must be ≥ 0");
        }

        if (PackingLookahead < 1)
        {
            problems.Add("packing_lookahead: must be ≥ 1");
        }

        return problems;
    }
}

/// <summary>What a training run did.</summary>
/// <param name="Steps">Steps taken.</param>
/// <param name="Tokens">Tokens processed (padding excluded).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="FirstLoss">Mean loss of the first tenth of the steps.</param>
/// <param name="LastLoss">Mean loss of the last tenth of the steps.</param>
public sealed record TrainingReport(int Steps, long Tokens, double Seconds, double FirstLoss, double LastLoss)
{
    /// <summary>Tokens per second.</summary>
    public double TokensPerSecond => Seconds > 0 ? Tokens / Seconds : 0;
}
