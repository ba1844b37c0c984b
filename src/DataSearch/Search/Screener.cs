using System.Diagnostics;
using System.Text.Json.Serialization;
using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Recipes;

namespace DataSearch.Search;

/// <summary>One cheap evaluation of a multi-fidelity search (a line of <c>screening_log.jsonl</c>).</summary>
public sealed record ScreeningRecord
{
    [JsonPropertyName("subset_hash")] public string SubsetHash { get; init; } = "";

    [JsonPropertyName("subset_samples")] public int SubsetSamples { get; init; }

    [JsonPropertyName("round")] public int Round { get; init; }

    /// <summary>The cheap objective; null when the evaluation failed.</summary>
    [JsonPropertyName("objective")] public double? Objective { get; init; }

    [JsonPropertyName("error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    [JsonPropertyName("seconds")] public double Seconds { get; init; }
}

/// <summary>
/// The cheap side of a multi-fidelity search: scores subsets with the screening evaluator, each at most
/// once (by subset hash, across rounds and resumes: the log is append-only and read back at start),
/// within its own budget.
/// </summary>
public sealed class Screener
{
    private readonly IEvaluator evaluator;
    private readonly ScreeningSettings settings;
    private readonly JsonLinesFile<ScreeningRecord> log;
    private readonly Dictionary<string, ScreeningRecord> done = new(StringComparer.Ordinal);

    /// <summary>A screener logging to <paramref name="path"/>, continuing what it already holds.</summary>
    public Screener(IEvaluator evaluator, ScreeningSettings settings, string path)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.evaluator = evaluator;
        this.settings = settings;
        log = JsonLinesFile<ScreeningRecord>.Open(path);
        foreach (var record in log.Records)
        {
            done[record.SubsetHash] = record;
        }
    }

    /// <summary>How many candidates each round screens.</summary>
    public int Shortlist => settings.Shortlist;

    /// <summary>Cheap evaluations spent so far (this run and the runs it continues).</summary>
    public int Spent => done.Count;

    /// <summary>Whether budget is left for another cheap evaluation.</summary>
    public bool HasBudget => Spent < settings.MaxEvaluations;

    /// <summary>Whether budget was left when round <paramref name="round"/> began (what a resumed round decides by).</summary>
    public bool HasBudgetBefore(int round) => done.Values.Count(r => r.Round < round) < settings.MaxEvaluations;

    /// <summary>The cheap objective of <paramref name="selection"/> (null when it failed or no budget is left), evaluated only if not seen before.</summary>
    public double? Screen(RecipeContext context, Selection selection, ulong seed, int round, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(selection);
        var hash = selection.Hash();
        if (done.TryGetValue(hash, out var known))
        {
            return known.Objective;
        }

        if (!HasBudget)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        ScreeningRecord record;
        try
        {
            var result = evaluator.Evaluate(new EvaluationRequest(context.Pool, selection.ToArray(), seed), cancellationToken: cancellation);
            record = new ScreeningRecord { SubsetHash = hash, SubsetSamples = selection.Count, Round = round, Objective = Math.Round(result.Objective, 4), Seconds = Math.Round(watch.Elapsed.TotalSeconds, 2) };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            record = new ScreeningRecord { SubsetHash = hash, SubsetSamples = selection.Count, Round = round, Error = e.Message, Seconds = Math.Round(watch.Elapsed.TotalSeconds, 2) };
        }

        log.Append(record);
        done[hash] = record;
        return record.Objective;
    }
}
