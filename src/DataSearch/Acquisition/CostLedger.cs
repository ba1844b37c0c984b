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
/// <param name="Cost">Cost units charged to the trajectory (its reward counts them even when the call was cached).</param>
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
    [property: JsonPropertyName("error")] string? Error)
{
    /// <summary>What the API was actually paid for this call: <see cref="Cost"/>, or 0 when it came from the cache.</summary>
    [JsonPropertyName("paid_cost")]
    public double PaidCost => Cached ? 0 : Cost;
}

/// <summary>What a run's API calls cost, from its ledger: what was paid, and what came from the cache.</summary>
/// <param name="Calls">Every call recorded.</param>
/// <param name="PaidCalls">Calls the API answered.</param>
/// <param name="PaidCost">Their cost: what the run spent.</param>
/// <param name="CachedCalls">Calls served from the cache: repeats of an earlier call, and calls re-run after a resume.</param>
/// <param name="CachedCost">Their cost, charged to trajectories' rewards but not paid again.</param>
public sealed record LedgerSummary(int Calls, int PaidCalls, double PaidCost, int CachedCalls, double CachedCost)
{
    /// <summary>The summary of <paramref name="entries"/>.</summary>
    public static LedgerSummary Of(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var list = entries.ToList();
        var cached = list.Where(e => e.Cached).ToList();
        return new LedgerSummary(list.Count, list.Count - cached.Count, list.Sum(e => e.PaidCost), cached.Count, cached.Sum(e => e.Cost));
    }
}

/// <summary>
/// The cost ledger (<c>logs/cost_ledger.jsonl</c>): every API call ever made by a run, one flushed line
/// each, so cost figures can be recomputed from it and a crash loses nothing already paid for. A call
/// served from the cache (a repeat, or a call re-run after a resume) keeps its <c>cost</c>, which the
/// trajectory's reward counts, and has <c>paid_cost</c> 0: summing <c>paid_cost</c> gives what was spent.
/// </summary>
public sealed class CostLedger(string path)
{
    /// <summary>The ledger's file, relative to a run folder.</summary>

    private readonly JsonLinesFile<LedgerEntry> file = JsonLinesFile<LedgerEntry>.Open(path);

    /// <summary>Every entry, in order.</summary>
    public IReadOnlyList<LedgerEntry> Entries => file.Records;

    /// <summary>The summary of the ledger in <paramref name="runFolder"/> (read only; empty when there is none).</summary>
    public static LedgerSummary Read(string runFolder) =>
        LedgerSummary.Of(JsonLinesFile<LedgerEntry>.ReadComplete(new AcquisitionRunFolder(runFolder).CostLedger));

    /// <summary>Records one call.</summary>
    public void Record(LedgerEntry entry) => file.Append(entry);
}
