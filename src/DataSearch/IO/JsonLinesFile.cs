using System.Text;
using System.Text.Json;
using DataSearch.Errors;

namespace DataSearch.IO;

/// <summary>
/// An append-only JSON Lines file (a search log, a cost ledger): each record is one line, flushed to
/// disk before <see cref="Append"/> returns. On opening, a torn last line (a kill in the middle of a
/// write) is cut off, so only complete records are trusted; any other unreadable line is an error that
/// names the file and line. Appends from several threads are serialised: each record is one whole line,
/// and <see cref="Records"/> holds every one.
/// </summary>
public sealed class JsonLinesFile<T>
    where T : class
{
    // Names match without case on reading, so a record may change a field's spelling
    // (PascalCase → snake_case) and still read the files written before.
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNameCaseInsensitive = true,
    };

    private readonly List<T> records;
    private readonly Lock gate = new();

    private JsonLinesFile(string path, List<T> records)
    {
        Path = path;
        this.records = records;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Every complete record, in order (a snapshot when appends may be running).</summary>
    public IReadOnlyList<T> Records
    {
        get
        {
            lock (gate)
            {
                return [.. records];
            }
        }
    }

    /// <summary>Opens (or creates, with its folder) the file, dropping a torn last line.</summary>
    public static JsonLinesFile<T> Open(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            return new JsonLinesFile<T>(path, []);
        }

        var (records, complete, length) = Parse(path);
        if (complete < length)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.SetLength(complete);
            stream.Flush(flushToDisk: true);
        }

        return new JsonLinesFile<T>(path, records);
    }

    /// <summary>
    /// The complete records of a file that may still be growing (a run in progress), without changing
    /// it: a torn last line is ignored rather than cut off. None when the file does not exist.
    /// </summary>
    public static IReadOnlyList<T> ReadComplete(string path) => File.Exists(path) ? Parse(path).Records : [];

    private static (List<T> Records, long Complete, long Length) Parse(string path)
    {
        var records = new List<T>();
        var bytes = File.ReadAllBytes(path);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var text = Encoding.UTF8.GetString(bytes, 0, complete);
        var line = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            if (raw.Length == 0)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<T>(raw, Json) ?? throw new JsonException("null record"));
            }
            catch (JsonException e)
            {
                throw new CorruptDataException(path, $"line {line} is not a {typeof(T).Name} ({e.Message}); the file was edited or damaged");
            }
        }

        return (records, complete, bytes.Length);
    }

    /// <summary>Appends a record and flushes it to disk.</summary>
    public void Append(T record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, Json) + "\n");
        lock (gate)
        {
            using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            records.Add(record);
        }
    }
}
