using System.Text.Json;
using DataSearch.Errors;

namespace DataSearch.Evaluation;

/// <summary>
/// The result contract of external evaluations: a JSON object with <c>benchmarks</c>, a list of
/// <c>{"name", "score" (percent, 0–100), "kind" (in_distribution | out_of_distribution | knowledge;
/// default in_distribution), "correct", "items" (optional counts), "bits_per_byte" (optional: a
/// loss-based evaluator's reference-answer loss)}</c>, and optionally
/// <c>training_tokens</c>. The objective is the mean score of the in-distribution benchmarks.
/// </summary>
public static class ResultFile
{
    /// <summary>The contract's names of the benchmark kinds.</summary>
    private static readonly IReadOnlyDictionary<string, BenchmarkKind> Kinds = new Dictionary<string, BenchmarkKind>(StringComparer.Ordinal)
    {
        ["in_distribution"] = BenchmarkKind.InDistribution,
        ["out_of_distribution"] = BenchmarkKind.OutOfDistribution,
        ["knowledge"] = BenchmarkKind.Knowledge,
    };

    /// <summary>Reads and checks <paramref name="path"/>; any problem names the file and the field.</summary>
    public static (IReadOnlyList<BenchmarkScore> Scores, double Objective, long TrainingTokens) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CorruptDataException(path, "the evaluation wrote no result file here (see the command logs)");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(path, $"not JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("benchmarks", out var benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
            {
                throw new CorruptDataException(path, "field 'benchmarks': expected a list of {name, score, kind}");
            }

            var scores = new List<BenchmarkScore>();
            var index = 0;
            foreach (var benchmark in benchmarks.EnumerateArray())
            {
                var field = $"benchmarks[{index++}]";
                if (benchmark.ValueKind != JsonValueKind.Object)
                {
                    throw new CorruptDataException(path, $"field '{field}': expected an object");
                }

                var name = benchmark.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } s
                    ? s
                    : throw new CorruptDataException(path, $"field '{field}.name': expected a non-empty string");
                var score = benchmark.TryGetProperty("score", out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() is >= 0 and <= 100 and var d
                    ? d
                    : throw new CorruptDataException(path, $"field '{field}.score': expected a number from 0 to 100 (percent), got {(benchmark.TryGetProperty("score", out var bad) ? bad.GetRawText() : "nothing")}");
                var kind = BenchmarkKind.InDistribution;
                if (benchmark.TryGetProperty("kind", out var k) && (k.ValueKind != JsonValueKind.String || !Kinds.TryGetValue(k.GetString()!, out kind)))
                {
                    throw new CorruptDataException(path, $"field '{field}.kind': expected {string.Join(", ", Kinds.Keys)}, got {k.GetRawText()}");
                }

                double? bits = null;
                if (benchmark.TryGetProperty("bits_per_byte", out var b))
                {
                    bits = b.ValueKind == JsonValueKind.Number && b.GetDouble() is >= 0 and var given
                        ? given
                        : throw new CorruptDataException(path, $"field '{field}.bits_per_byte': expected a number ≥ 0, got {b.GetRawText()}");
                }

                scores.Add(new BenchmarkScore(name, kind, score, Count(benchmark, "correct"), Count(benchmark, "items"), bits));
            }

            var inDistribution = scores.Where(x => x.Kind == BenchmarkKind.InDistribution).ToList();
            if (inDistribution.Count == 0)
            {
                throw new CorruptDataException(path, "field 'benchmarks': no in_distribution benchmark, so there is no objective to optimise");
            }

            var tokens = root.TryGetProperty("training_tokens", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : 0;
            return (scores, inDistribution.Average(x => x.Score), tokens);
        }
    }

    /// <summary>Writes <paramref name="scores"/> as a result file (what <c>datasearch eval --result</c> writes).</summary>
    public static string Format(IEnumerable<BenchmarkScore> scores) =>
        JsonSerializer.Serialize(new
        {
            benchmarks = scores.Select(s =>
            {
                var entry = new Dictionary<string, object> { ["name"] = s.Benchmark, ["score"] = s.Score, ["kind"] = Kinds.First(k => k.Value == s.Kind).Key, ["correct"] = s.Correct, ["items"] = s.Items };
                if (s.BitsPerByte is { } bits)
                {
                    entry["bits_per_byte"] = bits;
                }

                return entry;
            }),
        }) + "\n";

    private static int Count(JsonElement benchmark, string name) =>
        benchmark.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
}
