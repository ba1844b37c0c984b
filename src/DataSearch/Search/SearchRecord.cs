using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataSearch.Search;

/// <summary>
/// One line of <c>search_log.jsonl</c>: an evaluated (or failed) candidate with everything needed to
/// resume, report and audit the search.
/// </summary>
public sealed record SearchRecord
{
    /// <summary>Sequential id (<c>e001</c>, …).</summary>
    [JsonPropertyName("id")] public required string Id { get; init; }

    /// <summary>The round that proposed it (0 for warm-up probes).</summary>
    [JsonPropertyName("round")] public int Round { get; init; }

    /// <summary>The record it was edited from, or null.</summary>
    [JsonPropertyName("parent")] public string? Parent { get; init; }

    /// <summary>How it was made: <c>lhs</c>, <c>change_parameter …</c>, <c>insert_step …</c>, <c>reseed</c>, ….</summary>
    [JsonPropertyName("edit")] public required string Edit { get; init; }

    /// <summary>The recipe in canonical JSON.</summary>
    [JsonPropertyName("recipe")] public required JsonElement Recipe { get; init; }

    /// <summary>The recipe's hash.</summary>
    [JsonPropertyName("recipe_hash")] public required string RecipeHash { get; init; }

    /// <summary>SHA-256 of the subset's ids file.</summary>
    [JsonPropertyName("subset_hash")] public required string SubsetHash { get; init; }

    /// <summary>Samples in the subset.</summary>
    [JsonPropertyName("subset_samples")] public int SubsetSamples { get; init; }

    /// <summary>The realised subset's state vector.</summary>
    [JsonPropertyName("state_vector")] public required IReadOnlyDictionary<string, double> StateVector { get; init; }

    /// <summary><c>ok</c>, <c>failed</c> or <c>reused</c> (the same subset was evaluated before; its result is copied, nothing is trained).</summary>
    [JsonPropertyName("status")] public required RecordStatus Status { get; init; }

    /// <summary>The phase that proposed it; null in logs written before 2026-12-05 (see <see cref="Source"/>).</summary>
    [JsonPropertyName("origin")] public ProposalOrigin? Origin { get; init; }

    /// <summary>The edit operation that made it (<c>change_parameter</c>, …), or empty; null in older logs.</summary>
    [JsonPropertyName("edit_kind")] public string? EditKind { get; init; }

    /// <summary>Whether a reseed proposed it; null in older logs.</summary>
    [JsonPropertyName("reseed")] public bool? Reseed { get; init; }

    /// <summary>
    /// The phase that proposed it. Logs written before these fields existed are read from the edit's
    /// wording, here only, so that old run folders still resume.
    /// </summary>
    [JsonIgnore]
    public ProposalOrigin Source => Origin ?? (Edit.Replace("reseed: ", string.Empty, StringComparison.Ordinal) switch
    {
        var e when e.StartsWith("lhs", StringComparison.Ordinal) => ProposalOrigin.Warmup,
        var e when e.StartsWith("screen ", StringComparison.Ordinal) => ProposalOrigin.Screening,
        var e when e.StartsWith("llm:", StringComparison.Ordinal) => ProposalOrigin.Llm,
        "random recipe" => ProposalOrigin.Random,
        "empty round" => ProposalOrigin.Empty,
        _ => ProposalOrigin.Edit,
    });

    /// <summary>The edit operation, from <see cref="EditKind"/> or (older logs) the edit's first word.</summary>
    [JsonIgnore]
    public string Kind => EditKind ?? (Source == ProposalOrigin.Edit ? Edit.Replace("reseed: ", string.Empty, StringComparison.Ordinal).Split(' ')[0] : string.Empty);

    /// <summary>Whether a reseed proposed it, from <see cref="Reseed"/> or (older logs) the edit's wording.</summary>
    [JsonIgnore]
    public bool FromReseed => Reseed ?? Edit.StartsWith("reseed", StringComparison.Ordinal);

    /// <summary>The failure, when failed.</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>The objective (in-distribution mean); null when failed.</summary>
    [JsonPropertyName("objective")] public double? Objective { get; init; }

    /// <summary>The objective under each fine-tuning seed when the candidate was confirmed with extra seeds (the objective is their mean); null otherwise.</summary>
    [JsonPropertyName("seed_objectives")] public double[]? SeedObjectives { get; init; }

    /// <summary>Per-benchmark scores (of the first seed when the record was confirmed with more).</summary>
    [JsonPropertyName("scores")] public IReadOnlyDictionary<string, double>? Scores { get; init; }

    /// <summary>The benchmarks the objective averages (the others are reported only); null when failed and in logs written before 2026-12-07.</summary>
    [JsonPropertyName("optimised_benchmarks")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? OptimisedBenchmarks { get; init; }

    /// <summary>Per-benchmark loss in bits per byte, from a loss-based evaluator (the proxy); null otherwise.</summary>
    [JsonPropertyName("bits_per_byte")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? BitsPerByte { get; init; }

    /// <summary>In a multi-fidelity search, the cheap evaluator's objective of this subset (warm-up probes included while its budget lasts); null otherwise.</summary>
    [JsonPropertyName("screened")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Screened { get; init; }

    /// <summary>The surrogate's prediction when it was chosen (mean, standard deviation), or null.</summary>
    [JsonPropertyName("predicted")] public double[]? Predicted { get; init; }

    /// <summary>Seconds spent evaluating.</summary>
    [JsonPropertyName("seconds")] public double Seconds { get; init; }

    /// <summary>Controller time of the round that chose it (proposal, materialisation, surrogate fit, ranking), excluding evaluation.</summary>
    [JsonPropertyName("round_seconds")] public double RoundSeconds { get; init; }

    /// <summary>Candidates materialised and ranked in that round.</summary>
    [JsonPropertyName("candidates")] public int Candidates { get; init; }

    /// <summary>Training tokens.</summary>
    [JsonPropertyName("training_tokens")] public long TrainingTokens { get; init; }
}
