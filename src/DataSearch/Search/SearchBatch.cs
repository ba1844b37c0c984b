using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Search;

/// <summary>
/// The evaluations a search has chosen and not all finished (<c>batch.json</c>), written before any of
/// them starts. A run stopped mid-batch resumes the same batch — the same recipes, ids and decisions —
/// instead of choosing anew from a log that now holds part of it: a parallel round's unfinished
/// candidates (whose jobs may still be running on a cluster) are then finished, not dropped, and an
/// agent's proposals are not asked for again. Deleted when the batch is done.
/// </summary>
/// <param name="Round">The round the batch belongs to (0: warm-up).</param>
/// <param name="Leader">The best objective when it was chosen: a new leader is confirmed with further seeds.</param>
/// <param name="BudgetLeftEach">The evaluations each member may spend on confirmation.</param>
/// <param name="RoundSeconds">Seconds spent choosing it.</param>
/// <param name="Entries">The evaluations, in the order they were chosen.</param>
internal sealed record SearchBatch(int Round, double Leader, int BudgetLeftEach, double RoundSeconds, IReadOnlyList<SearchBatch.Entry> Entries)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>One chosen evaluation: the proposal it evaluates (recipe and provenance) and what it was chosen with.</summary>
    internal sealed record Entry(
        string Id,
        JsonElement Recipe,
        string? Parent,
        string Edit,
        ProposalOrigin Origin,
        string Kind,
        bool Reseed,
        string SubsetHash,
        double[]? Predicted,
        int Candidates,
        double? Screened);

    /// <summary>Writes the batch to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, SearchBatch batch) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(batch, Json) + "\n");

    /// <summary>The batch at <paramref name="path"/>, or null when there is none.</summary>
    /// <exception cref="CorruptDataException">The file is not a batch.</exception>
    public static SearchBatch? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SearchBatch>(File.ReadAllText(path), Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(path, $"unreadable search batch: {e.Message} (delete it to let the search choose its next batch anew)", e);
        }
    }
}
