using System.Text.Json.Serialization;
using DataSearch.Pool;
using DataSearch.Progress;

namespace DataSearch.Evaluation;

/// <summary>Trains a model on a subset of a pool and scores it on benchmarks: the expensive call every search spends its budget on.</summary>
public interface IEvaluator
{
    /// <summary>Fine-tunes on <see cref="EvaluationRequest.Subset"/> under a fixed budget and returns per-benchmark scores.</summary>
    EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>One evaluation to run.</summary>
/// <param name="Pool">The pool the subset selects from.</param>
/// <param name="Subset">Indices into the pool.</param>
/// <param name="Seed">Seeds training; the same request and seed give the same scores.</param>
public sealed record EvaluationRequest(SamplePool Pool, IReadOnlyList<int> Subset, ulong Seed)
{
    /// <summary>Refuses a subset index outside the pool.</summary>
    /// <exception cref="Errors.UsageException">An index is outside the pool.</exception>
    public void ThrowIfOutsidePool()
    {
        foreach (var index in Subset)
        {
            if ((uint)index >= (uint)Pool.Count)
            {
                throw new Errors.UsageException($"the subset refers to sample index {index}, outside the pool of {Pool.Count}");
            }
        }
    }
}

/// <summary>The score of one benchmark, in percent (higher is better).</summary>
/// <param name="Benchmark">The benchmark's name.</param>
/// <param name="Kind">Whether it is optimised or only reported.</param>
/// <param name="Score">Percent correct; for a loss-based evaluator (the proxy), 100 × 2^−<see cref="BitsPerByte"/>.</param>
/// <param name="Correct">Items answered right (0 for a loss-based evaluator, which decodes nothing).</param>
/// <param name="Items">Items scored.</param>
/// <param name="BitsPerByte">For a loss-based evaluator: the reference answers' mean loss in bits per UTF-8 byte (lower is better); null otherwise.</param>
public sealed record BenchmarkScore(
    string Benchmark,
    BenchmarkKind Kind,
    double Score,
    int Correct,
    int Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? BitsPerByte = null);

/// <summary>What one evaluation cost.</summary>
/// <param name="TrainingTokens">Tokens trained on (padding excluded).</param>
/// <param name="Steps">Optimiser steps.</param>
/// <param name="TrainSeconds">Fine-tuning wall time.</param>
/// <param name="DecodeSeconds">Benchmark decoding wall time.</param>
/// <param name="TotalSeconds">Everything, wall time.</param>
public sealed record EvaluationCost(long TrainingTokens, int Steps, double TrainSeconds, double DecodeSeconds, double TotalSeconds);

/// <summary>The outcome of one evaluation.</summary>
/// <param name="Scores">One per benchmark, in benchmark order.</param>
/// <param name="Objective">What the search maximises: the mean score of the in-distribution benchmarks (out-of-distribution and knowledge ones are reported, not optimised); for the proxy, 100 × 2^−(their mean bits per byte).</param>
/// <param name="Cost">Tokens and time spent.</param>
/// <param name="Log">Human-readable notes (losses, throughput).</param>
public sealed record EvaluationResult(IReadOnlyList<BenchmarkScore> Scores, double Objective, EvaluationCost Cost, IReadOnlyList<string> Log);
