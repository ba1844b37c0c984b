using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.Evaluation;
using DataSearch.IO;

namespace DataSearch.Search;

/// <summary>
/// A comparison's evaluations by (subset hash, seed), kept in its <c>evaluations.jsonl</c>, so a subset
/// two methods share is trained once and a rerun resumes. Also holds what other comparisons' files offer
/// (<c>compare --reuse</c>): an offered evaluation is taken into this one's file when first asked for, so
/// the file keeps every evaluation the comparison's results rest on. Safe to share between threads (a
/// search with <c>parallel</c> &gt; 1 evaluates on several at once).
/// </summary>
internal sealed class EvaluationCache
{
    private readonly Dictionary<string, CachedEvaluation> own = [];
    private readonly Dictionary<string, CachedEvaluation> offered = [];
    private readonly JsonLinesFile<CachedEvaluation> file;
    private readonly Lock gate = new();

    private EvaluationCache(JsonLinesFile<CachedEvaluation> file) => this.file = file;

    /// <summary>How many evaluations were taken from the offered files so far.</summary>
    public int Taken { get; private set; }

    /// <summary>
    /// The cache of the file at <paramref name="path"/> (created when missing), with the evaluations the
    /// files in <paramref name="reuse"/> offer (read, never written); says on <paramref name="log"/> how many each offers.
    /// </summary>
    public static EvaluationCache Open(string path, IReadOnlyList<string> reuse, Action<string> log)
    {
        var cache = new EvaluationCache(JsonLinesFile<CachedEvaluation>.Open(path));
        foreach (var cached in cache.file.Records)
        {
            cache.own[cached.Key] = cached;
        }

        foreach (var other in reuse)
        {
            var records = JsonLinesFile<CachedEvaluation>.ReadComplete(other);
            foreach (var evaluation in records)
            {
                cache.offered.TryAdd(evaluation.Key, evaluation);
            }

            log($"reuse: {records.Count} evaluations offered by {other}");
        }

        return cache;
    }

    /// <summary>The key of an evaluation of the subset with hash <paramref name="subsetHash"/> trained with <paramref name="seed"/>.</summary>
    public static string Key(string subsetHash, ulong seed) => $"{subsetHash}:{seed}";

    /// <summary>The evaluation under <paramref name="key"/>: this comparison's own, else an offered one (taken into the file), else null.</summary>
    public CachedEvaluation? Find(string key)
    {
        lock (gate)
        {
            if (own.TryGetValue(key, out var known))
            {
                return known;
            }

            if (offered.Remove(key, out var taken))
            {
                own[key] = taken;
                file.Append(taken);
                Taken++;
            }

            return taken;
        }
    }

    /// <summary>
    /// Keeps <paramref name="result"/> under <paramref name="key"/> and writes it, unless another thread
    /// kept one first (two evaluations of the same subset and seed run at once): the first is returned, written once.
    /// </summary>
    public CachedEvaluation Add(string key, EvaluationResult result)
    {
        var evaluation = new CachedEvaluation(key, result.Objective, [.. result.Scores.Select(CachedScore.Of)]);
        lock (gate)
        {
            if (own.TryGetValue(key, out var first))
            {
                return first;
            }

            own[key] = evaluation;
            file.Append(evaluation);
        }

        return evaluation;
    }
}

/// <summary>One line of <c>evaluations.jsonl</c>: a (subset hash, seed) key and what training on it scored.</summary>
internal sealed record CachedEvaluation(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("objective")] double Objective,
    [property: JsonPropertyName("benchmarks")] IReadOnlyList<CachedScore>? Benchmarks)
{
    /// <summary>Per-benchmark scores (none in files written before they were kept).</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, double> Scores =>
        (Benchmarks ?? []).ToDictionary(s => s.Benchmark, s => s.Score, StringComparer.Ordinal);

    /// <summary>The scores as an evaluator returns them.</summary>
    public IReadOnlyList<BenchmarkScore> ToScores() => [.. (Benchmarks ?? []).Select(s => s.ToScore())];
}

/// <summary>
/// One benchmark's score in <c>evaluations.jsonl</c>, in snake_case like every other file. Files
/// written before 2026-12-04 spelled the fields and kinds in PascalCase; they still read, as
/// <see cref="JsonLinesFile{T}"/> matches names without case and the kind accepts either spelling.
/// </summary>
internal sealed record CachedScore(
    [property: JsonPropertyName("benchmark")] string Benchmark,
    [property: JsonPropertyName("kind"), JsonConverter(typeof(SnakeCaseKind))] BenchmarkKind Kind,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("correct")] int Correct,
    [property: JsonPropertyName("items")] int Items)
{
    public static CachedScore Of(BenchmarkScore score) => new(score.Benchmark, score.Kind, score.Score, score.Correct, score.Items);

    public BenchmarkScore ToScore() => new(Benchmark, Kind, Score, Correct, Items);
}

/// <summary>Writes a benchmark kind as <c>in_distribution</c>, as result files spell it.</summary>
file sealed class SnakeCaseKind() : JsonStringEnumConverter<BenchmarkKind>(JsonNamingPolicy.SnakeCaseLower);
