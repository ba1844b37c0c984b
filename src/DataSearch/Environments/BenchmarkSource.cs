namespace DataSearch.Environments;

/// <summary>One benchmark file (or a folder of them) of a files environment, as a config lists it.</summary>
public sealed class BenchmarkSource
{
    /// <summary>A benchmark file (JSONL or JSON), or a folder whose files are each one benchmark.</summary>
    public string? Path { get; init; }

    /// <summary>The benchmark's name; the file's stem when not given (not allowed for a folder).</summary>
    public string? Name { get; init; }

    /// <summary>A checker to use instead of the one its format calls for (<c>exact</c>, <c>numeric</c>, <c>choice</c>, <c>choice_or_exact</c>, <c>math</c>).</summary>
    public string? Checker { get; init; }

    /// <summary><c>in_distribution</c> (the search optimises it) or <c>out_of_distribution</c> (reported only).</summary>
    public string Kind { get; init; } = "in_distribution";

    /// <summary>Questions kept, drawn by the environment's seed (all when not given): evaluation time grows with them.</summary>
    public int? Limit { get; init; }
}
