using System.Text.Encodings.Web;
using System.Text.Json;

namespace DataSearch.Pool;

/// <summary>
/// Writes samples as canonical JSONL: one object per line with keys in a fixed order
/// (<c>sample_id</c>, <c>messages</c>, <c>source_name</c>, then <c>target</c>, <c>tags</c>, <c>metadata</c>
/// when present), so the same pool always serialises to the same bytes.
/// </summary>
public static class CanonicalJsonl
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Keep non-ASCII text readable; JSON stays valid because control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>Writes every sample of <paramref name="pool"/>, in pool order.</summary>
    public static void Write(SamplePool pool, Stream destination) =>
        Write(pool, Enumerable.Range(0, pool.Count), destination);

    /// <summary>Writes the samples at <paramref name="indices"/>, in the order given.</summary>
    public static void Write(SamplePool pool, IEnumerable<int> indices, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(indices);
        using var writer = new Utf8JsonWriter(destination, WriterOptions);
        foreach (var index in indices)
        {
            WriteSample(pool, index, writer);
            writer.Flush();
            destination.WriteByte((byte)'\n');
            writer.Reset(destination);
        }
    }

    private static void WriteSample(SamplePool pool, int index, Utf8JsonWriter writer)
    {
        var columns = pool.Columns;
        writer.WriteStartObject();
        writer.WriteString("sample_id"u8, Bytes(columns, columns.SampleIds[index]));
        writer.WriteStartArray("messages"u8);
        var messages = pool.GetMessageCount(index);
        for (var m = 0; m < messages; m++)
        {
            writer.WriteStartObject();
            writer.WriteString("role"u8, ChatRoleNames.Of(pool.GetRole(index, m)));
            writer.WriteString("content"u8, pool.GetContentUtf8(index, m));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("source_name"u8, pool.GetSourceName(index));
        var target = columns.Targets[index];
        if (!target.IsMissing)
        {
            writer.WriteString("target"u8, Bytes(columns, target));
        }

        var tags = pool.GetTags(index);
        if (tags.Count > 0)
        {
            writer.WriteStartArray("tags"u8);
            foreach (var tag in tags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
        }

        var metadata = columns.Metadata[index];
        if (!metadata.IsMissing)
        {
            writer.WritePropertyName("metadata"u8);
            writer.WriteRawValue(Bytes(columns, metadata), skipInputValidation: true);
        }

        writer.WriteEndObject();
    }

    private static ReadOnlySpan<byte> Bytes(PoolColumns columns, TextSpan span) =>
        columns.Text.Span.Slice(span.Start, span.Length);
}
