using System.Text.Json;

namespace DataSearch.Pool.Import;

/// <summary>
/// Reads a file holding one JSON array of records (or one single object), yielding each element with the
/// line it starts on. A syntax error stops the file: the rest is returned as one unreadable record.
/// </summary>
internal static class JsonArrayRecordReader
{
    public static IEnumerable<RawRecord> Read(byte[] content)
    {
        var body = content.AsMemory();
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        var elements = new List<RawRecord>();
        string? error = null;
        long errorLine = 1;
        try
        {
            Collect(body, elements);
        }
        catch (JsonException e)
        {
            error = $"malformed JSON array: {JsonMessages.WithoutPosition(e.Message)}";
            errorLine = (e.LineNumber ?? 0) + 1;
        }

        foreach (var element in elements)
        {
            yield return element;
        }

        if (error is not null)
        {
            // Nothing after a syntax error can be trusted; the whole file is kept when no element was read.
            yield return new RawRecord(errorLine, elements.Count == 0 ? body : ReadOnlyMemory<byte>.Empty, error);
        }
    }

    private static void Collect(ReadOnlyMemory<byte> body, List<RawRecord> elements)
    {
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read())
        {
            return;
        }

        var lineCounter = new LineCounter(body.Span);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            reader.Skip();
            elements.Add(new RawRecord(1, body));
            EnsureEnd(ref reader);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("the file is neither a JSON array nor a JSON object", null, 0, 0);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            elements.Add(new RawRecord(lineCounter.LineAt(start), body[start..end]));
        }

        EnsureEnd(ref reader);
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("unexpected content after the end of the JSON value", null, 0, 0);
        }
    }


    /// <summary>Turns byte offsets, met in increasing order, into 1-based line numbers.</summary>
    private ref struct LineCounter(ReadOnlySpan<byte> text)
    {
        private readonly ReadOnlySpan<byte> text = text;
        private int position;
        private long line = 1;

        public long LineAt(int offset)
        {
            line += text[position..offset].Count((byte)'\n');
            position = offset;
            return line;
        }
    }
}
