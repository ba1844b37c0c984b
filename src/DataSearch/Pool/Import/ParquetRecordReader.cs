using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Json;
using Parquet.Serialization;

namespace DataSearch.Pool.Import;

/// <summary>
/// Reads a Parquet file row by row and hands each row on as a JSON object, so every layout the JSON
/// importers know (flat columns such as instruction/output, or nested messages lists) works for Parquet
/// too. A string column named <c>metadata</c> that holds a JSON object is passed on as that object.
/// </summary>
internal static class ParquetRecordReader
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEnumerable<RawRecord> Read(string path)
    {
        IList<Dictionary<string, object?>> rows;
        string? failure = null;
        try
        {
            using var stream = File.OpenRead(path);
            rows = ParquetSerializer.DeserializeUntypedAsync(stream).GetAwaiter().GetResult().Data
                .Select(row => row.ToDictionary(pair => pair.Key, pair => (object?)pair.Value))
                .ToList();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            rows = [];
            failure = $"unreadable Parquet file: {e.Message}";
        }

        if (failure is not null)
        {
            yield return new RawRecord(0, ReadOnlyMemory<byte>.Empty, failure);
            yield break;
        }

        long row = 0;
        foreach (var values in rows)
        {
            row++;
            yield return new RawRecord(row, ToJson(values));
        }
    }

    private static byte[] ToJson(Dictionary<string, object?> row)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in row)
            {
                writer.WritePropertyName(name);
                if (name == "metadata" && value is string text && IsJsonObject(text))
                {
                    writer.WriteRawValue(text);
                }
                else
                {
                    WriteValue(writer, value);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case DateTime time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IDictionary dictionary:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    writer.WritePropertyName(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                    WriteValue(writer, entry.Value);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case IFormattable number:
                writer.WriteRawValue(number.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private static bool IsJsonObject(string text)
    {
        if (!text.TrimStart().StartsWith('{'))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
