using System.Text.Json.Serialization;
using DataSearch.Checkers;
using DataSearch.Signals;

namespace DataSearch.Evaluation;

/// <summary>How a benchmark counts: optimised (in-distribution), reported only (out-of-distribution), or for acquisition (facts only the encyclopedia holds).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BenchmarkKind>))]
public enum BenchmarkKind
{
    InDistribution,
    OutOfDistribution,
    Knowledge,
}

/// <summary>One benchmark question with its exact answer.</summary>
public sealed record BenchmarkItem(string Id, string Prompt, string Answer);

/// <summary>A named set of questions with the checker that decides whether an answer to one of them is right.</summary>
public sealed record Benchmark(string Name, BenchmarkKind Kind, IReadOnlyList<BenchmarkItem> Items, IAnswerChecker Checker)
{
    /// <summary>The questions alone, as a set of texts: what decontamination checks data against.</summary>
    public TargetSet Questions() => new(Name, [.. Items.Select(i => i.Prompt)]);
}
