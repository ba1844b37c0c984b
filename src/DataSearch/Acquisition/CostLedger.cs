using System.Text.Json.Serialization;
using DataSearch.IO;

namespace DataSearch.Acquisition;

/// <summary>One API call in the cost ledger.</summary>
/// <param name="Iteration">The loop iteration (0 for the final evaluation).</param>
/// <param name="Phase"><c>train</c>, <c>evaluate</c> or a baseline's name.</param>
/// <param name="TaskId">The task.</param>
/// <param name="Trajectory">The trajectory's index within its task and phase.</param>
/// <param name="CallIndex">The call's position in the trajectory.</param>
/// <param name="Api">The API.</param>
/// <param name="Call">The call as written.</param>
/// <param name="Cost">Cost units.</param>
/// <param name="Tokens">Bytes returned.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Cached">Served from the cache.</param>
/// <param name="Samples">Samples made (before decontamination).</param>
/// <param name="Error">Why it failed, or null.</param>
public sealed record LedgerEntry(
    [property: JsonPropertyName("iteration")] int Iteration,
    [property: JsonPropertyName("phase")] string Phase,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("trajectory")] int Trajectory,
    [property: JsonPropertyName("call_index")] int CallIndex,
    [property: JsonPropertyName("api")] string Api,
    [property: JsonPropertyName("call")] string Call,
    [property: JsonPropertyName("cost")] double Cost,
    [property: JsonPropertyName("tokens")] long Tokens,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("cached")] bool Cached,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>
/// The cost ledger (<c>logs/cost_ledger.jsonl</c>): every API call ever made by a run, one flushed line
/// each, so cost figures can be recomputed from it and a crash loses nothing already paid for.
/// </summary>
public sealed class CostLedger(string path)
{
    private readonly JsonLinesFile<LedgerEntry> file = JsonLinesFile<LedgerEntry>.Open(path);

    /// <summary>Every entry, in order.</summary>
    public IReadOnlyList<LedgerEntry> Entries => file.Records;

    /// <summary>Records one call.</summary>
    public void Record(LedgerEntry entry) => file.Append(entry);
}
