using System.Text.Json.Serialization;

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

/// <summary>A named set of questions for one skill, with the checker's skill name.</summary>
public sealed record Benchmark(string Name, string Skill, BenchmarkKind Kind, IReadOnlyList<BenchmarkItem> Items);
