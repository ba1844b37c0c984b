namespace DataSearch.Pool.Import;

/// <summary>
/// Streams a JSONL file line by line. Lines end at <c>\n</c> only (a trailing <c>\r</c> is dropped):
/// U+2028 and U+2029 occur inside strings in real data and are not line breaks here. Blank lines are skipped.
/// </summary>
internal static class JsonlRecordReader
{
    private const int InitialBufferSize = 1 << 20;

    /// <summary>Yields each non-blank line; the memory of a record is valid until the next one is read.</summary>
    public static IEnumerable<RawRecord> Read(Stream stream, Action<long>? bytesRead = null)
    {
        var buffer = new byte[InitialBufferSize];
        var start = 0;
        var end = 0;
        long line = 0;
        long consumed = 0;
        var atFileStart = true;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline < 0)
            {
                // Move the partial line to the front, grow if one line fills the buffer, then read more.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = stream.Read(buffer, end, buffer.Length - end);
                if (read == 0)
                {
                    if (end > start)
                    {
                        line++;
                        consumed += end - start;
                        bytesRead?.Invoke(consumed);
                        var last = Trim(buffer.AsMemory(start, end - start), ref atFileStart);
                        if (!IsBlank(last.Span))
                        {
                            yield return new RawRecord(line, last);
                        }
                    }

                    yield break;
                }

                end += read;
                continue;
            }

            line++;
            consumed += newline + 1;
            var record = Trim(buffer.AsMemory(start, newline), ref atFileStart);
            start += newline + 1;
            if (!IsBlank(record.Span))
            {
                yield return new RawRecord(line, record);
                bytesRead?.Invoke(consumed);
            }
        }
    }

    private static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line, ref bool atFileStart)
    {
        if (atFileStart)
        {
            atFileStart = false;
            if (line.Span.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        return line.Span.EndsWith((byte)'\r') ? line[..^1] : line;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) =>
        line.IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)'\r') < 0;
}
