using System.Text;
using System.Text.Json;

namespace DataSearch.Search;

/// <summary>
/// The append-only <c>search_log.jsonl</c>. Each record is one line, flushed to disk before the next
/// evaluation starts. On opening, a torn last line (a kill in the middle of a write) is cut off: only
/// complete records are trusted.
/// </summary>
public sealed class SearchLog
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private SearchLog(string path, List<SearchRecord> records)
    {
        Path = path;
        this.records = records;
    }

    private readonly List<SearchRecord> records;

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Every complete record, in order.</summary>
    public IReadOnlyList<SearchRecord> Records => records;

    /// <summary>Opens (or creates) a log, dropping a torn last line.</summary>
    public static SearchLog Open(string path)
    {
        var records = new List<SearchRecord>();
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
            var text = Encoding.UTF8.GetString(bytes, 0, complete);
            var line = 0;
            foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                line++;
                try
                {
                    records.Add(JsonSerializer.Deserialize<SearchRecord>(raw, Json) ?? throw new JsonException("null record"));
                }
                catch (JsonException e)
                {
                    throw new Errors.CorruptDataException(path, $"line {line} is not a search record ({e.Message}); the log was edited or damaged");
                }
            }

            if (complete < bytes.Length)
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
                stream.SetLength(complete);
                stream.Flush(flushToDisk: true);
            }
        }

        return new SearchLog(path, records);
    }

    /// <summary>Appends a record and flushes it to disk.</summary>
    public void Append(SearchRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        records.Add(record);
    }
}
