using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataSearch.Errors;
using DataSearch.IO;
using DataSearch.Pool;
using Parquet;
using Parquet.Serialization;

namespace DataSearch.Signals;

/// <summary>
/// Per-sample scores from a user's own models (DEITA complexity or quality, IFD from a 7B, a reward
/// model) read into a signal block: a JSONL or Parquet file keyed by <c>sample_id</c>, one or many
/// numeric score fields. A sample the file does not score gets no value (NaN: filters drop it unless
/// <c>keep_missing_scores</c>). A record without a sample id, a duplicate or unknown id and a
/// non-numeric score are errors naming the file, line (Parquet: row) and field, all reported at once.
/// The block is cached beside the computed ones as <c>import-NAME.sig</c>, keyed by the file's content.
/// </summary>
public static partial class SignalImport
{
    /// <summary>The importer's version (part of the block's header, like a provider's).</summary>
    public const int Version = 1;

    private const string IdField = "sample_id";
    private const int ReportedProblems = 20;

    /// <summary>What an import read.</summary>
    /// <param name="Block">The signal block: one score column per imported field.</param>
    /// <param name="Rows">Records in the file.</param>
    /// <param name="Scored">Per column, how many pool samples have a value.</param>
    public sealed record Result(SignalBlock Block, int Rows, IReadOnlyDictionary<string, int> Scored);

    /// <summary>The provider name of an imported block.</summary>
    public static string ProviderName(string name) => $"import:{name}";

    /// <summary>The cache file name of an imported block.</summary>
    public static string FileName(string name) => $"import-{name}.sig";

    /// <summary>Whether a cache file holds an imported block.</summary>
    public static bool IsImportFile(string path) => Path.GetFileName(path).StartsWith("import-", StringComparison.Ordinal);

    /// <summary>The problem with <paramref name="name"/> as a signal name, or null.</summary>
    public static string? NameProblem(string name) =>
        ValidName().IsMatch(name) ? null : $"--name: '{name}' must be letters, digits, '_', '-' or '.' (it names the columns and the cache file)";

    /// <summary>
    /// Reads <paramref name="path"/> (Parquet when it ends in <c>.parquet</c>, else JSONL) for
    /// <paramref name="pool"/>. Without <paramref name="fields"/>, every numeric field of the first
    /// record is imported. One field becomes the column <paramref name="name"/>, several become
    /// <c>NAME:FIELD</c>.
    /// </summary>
    /// <exception cref="InvalidInputException">Any record is wrong (all problems, the first 20 listed).</exception>
    public static Result Read(string path, string name, SamplePool pool, IReadOnlyList<string>? fields = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (NameProblem(name) is { } problem)
        {
            throw new UsageException(problem);
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such file");
        }

        var rows = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? ParquetRows(path) : JsonRows(path);
        if (rows.Count == 0)
        {
            throw new InvalidInputException(new InputProblem(InputProblemKind.MissingField, new InputLocation(path, 0), "no records in the file"));
        }

        var chosen = fields is { Count: > 0 } ? fields : [.. rows[0].Fields.Where(f => f.Key != IdField && f.Value is double).Select(f => f.Key)];
        if (chosen.Count == 0)
        {
            throw new InvalidInputException(new InputProblem(InputProblemKind.MissingField, new InputLocation(path, rows[0].Line), $"no numeric score field besides {IdField} (fields: {string.Join(", ", rows[0].Fields.Keys)}); name them with --fields"));
        }

        var values = chosen.Select(_ => Enumerable.Repeat(float.NaN, pool.Count).ToArray()).ToArray();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var problems = new List<InputProblem>();
        long total = 0;
        void Problem(InputProblemKind kind, long line, string? field, string message)
        {
            total++;
            if (problems.Count < ReportedProblems)
            {
                problems.Add(new InputProblem(kind, new InputLocation(path, line, field), message));
            }
        }

        foreach (var row in rows)
        {
            if (!row.Fields.TryGetValue(IdField, out var id) || id is not string sampleId || sampleId.Length == 0)
            {
                Problem(id is null ? InputProblemKind.MissingField : InputProblemKind.WrongType, row.Line, IdField, "expected the sample's id (a string, as in the pool's samples.jsonl)");
                continue;
            }

            if (seen.TryGetValue(sampleId, out var first))
            {
                Problem(InputProblemKind.DuplicateId, row.Line, IdField, $"'{sampleId}' was already scored on line {first}");
                continue;
            }

            seen[sampleId] = row.Line;
            if (!pool.TryGetIndex(sampleId, out var index))
            {
                Problem(InputProblemKind.UnknownId, row.Line, IdField, $"'{sampleId}' is not a sample of this pool");
                continue;
            }

            for (var f = 0; f < chosen.Count; f++)
            {
                switch (row.Fields.GetValueOrDefault(chosen[f]))
                {
                    case null:
                        break;
                    case double number when double.IsFinite(number):
                        values[f][index] = (float)number;
                        break;
                    case var other:
                        Problem(InputProblemKind.WrongType, row.Line, chosen[f], $"expected a number or null, found {Describe(other)}");
                        break;
                }
            }
        }

        if (total > 0)
        {
            throw new InvalidInputException(problems, total);
        }

        var columns = chosen.Select((field, f) => SignalColumn.OfScores(chosen.Count == 1 ? name : $"{name}:{field}", values[f])).ToList();
        var key = $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))[..16]}|{string.Join(',', chosen)}";
        var scored = columns.ToDictionary(c => c.Name, c => c.Values!.Count(v => !float.IsNaN(v)), StringComparer.Ordinal);
        return new Result(new SignalBlock(ProviderName(name), Version, key, columns), rows.Count, scored);
    }

    private static string Describe(object value) => value switch
    {
        string text => $"the text \"{(text.Length > 30 ? text[..30] + "…" : text)}\"",
        bool flag => flag ? "true" : "false",
        double number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "a value",
    };

    /// <summary>One record: its line (Parquet: row, 1-based) and its fields as double, string, bool, null or raw JSON text.</summary>
    private sealed record Row(long Line, IReadOnlyDictionary<string, object?> Fields);

    private static List<Row> JsonRows(string path) =>
        [.. JsonObjectLines.Read(path).Select(record => new Row(record.Line, record.Root.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind switch
            {
                JsonValueKind.Number => p.Value.GetDouble(),
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => (object?)p.Value.GetRawText(),
            },
            StringComparer.Ordinal)))];

    private static List<Row> ParquetRows(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var untyped = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult();
            return [.. untyped.Data.Select((record, r) => new Row(r + 1, record.ToDictionary(f => f.Key, f => Value(f.Value), StringComparer.Ordinal)))];
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ParquetException)
        {
            throw new InvalidInputException(new InputProblem(InputProblemKind.UnreadableFile, new InputLocation(path, 0), $"not a readable Parquet file: {e.Message}"));
        }
    }

    private static object? Value(object? value) => value switch
    {
        null => null,
        double d => d,
        float f => (double)f,
        int i => (double)i,
        long l => (double)l,
        short s => (double)s,
        byte b => (double)b,
        decimal m => (double)m,
        _ => value,
    };

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex ValidName();
}
