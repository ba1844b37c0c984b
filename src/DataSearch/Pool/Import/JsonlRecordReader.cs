namespace DataSearch.Pool.Import;

/// <summary>
/// Streams a JSONL file line by line. Lines end at <c>\n</c> only (a trailing <c>\r</c> is dropped):
/// U+2028 and U+2029 occur inside strings in real data and are not line breaks here. Blank lines are skipped.
/// A line longer than the limit is not held: the reader skips to its end and yields it as oversize, so
/// memory stays bounded by about twice the limit whatever the file holds.
/// </summary>
internal static class JsonlRecordReader
{
    private const int InitialBufferSize = 1 << 20;

    /// <summary>Yields each non-blank line; the memory of a record is valid until the next one is read.</summary>
    public static IEnumerable<RawRecord> Read(Stream stream, Action<long>? bytesRead = null, long maxRecordBytes = ImportOptions.DefaultMaxRecordBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordBytes, 1);
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

                if (end > maxRecordBytes)
                {
                    line++;
                    var (skipped, leftover) = SkipLine(stream, buffer);
                    var length = end + skipped;
                    consumed += length + (leftover >= 0 ? 1 : 0);
                    bytesRead?.Invoke(consumed);
                    yield return new RawRecord(line, ReadOnlyMemory<byte>.Empty, OversizeLength: length);
                    atFileStart = false;
                    if (leftover < 0)
                    {
                        yield break;
                    }

                    (start, end) = (0, leftover);
                    continue;
                }

                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
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

    // Reads on past an over-long line into buffer: returns how many more bytes the line had (not counting
    // its newline), and how many bytes after that newline now start the buffer (-1 when the file ended first).
    private static (long Skipped, int Leftover) SkipLine(Stream stream, byte[] buffer)
    {
        long skipped = 0;
        while (true)
        {
            var read = stream.Read(buffer, 0, buffer.Length);
            if (read == 0)
            {
                return (skipped, -1);
            }

            var newline = buffer.AsSpan(0, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                buffer.AsSpan(newline + 1, read - newline - 1).CopyTo(buffer);
                return (skipped + newline, read - newline - 1);
            }

            skipped += read;
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
