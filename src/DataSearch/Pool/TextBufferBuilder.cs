using System.Text;

namespace DataSearch.Pool;

/// <summary>
/// Collects UTF-8 text in chunks and joins them once at the end. Growing one array by doubling would
/// copy and zero the whole text several times; here each byte is written once and copied at most once.
/// Given the text's expected size (an import knows its files' sizes), the first chunk is that large
/// and, when the text fits, becomes the buffer without any copy: the join would otherwise hold the text
/// twice at its peak (2.4 GB for a 1.2 GB pool). Its unused tail is allocated uninitialised, so the
/// pages are never touched and cost no memory.
/// </summary>
/// <param name="expectedBytes">The text's expected size in bytes, or 0 when unknown.</param>
internal sealed class TextBufferBuilder(long expectedBytes = 0)
{
    private const int ChunkSize = 1 << 22;

    private readonly List<(byte[] Chunk, int Used)> full = [];
    private byte[] current = GC.AllocateUninitializedArray<byte>((int)Math.Clamp(expectedBytes, ChunkSize, Array.MaxLength));
    private int used;
    private long length;

    /// <summary>Bytes appended so far.</summary>
    public long Length => length;

    /// <summary>Appends <paramref name="value"/> as UTF-8 and returns where it lies in the joined buffer.</summary>
    public TextSpan Append(string value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (maxBytes > current.Length - used)
        {
            full.Add((current, used));
            current = GC.AllocateUninitializedArray<byte>(Math.Max(ChunkSize, maxBytes));
            used = 0;
        }

        var written = Encoding.UTF8.GetBytes(value, current.AsSpan(used));
        if (length + written > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The pool's text exceeds {Array.MaxLength / (1 << 20)} MiB, the most one pool can hold; split the input into several pools.");
        }

        var span = new TextSpan((int)length, written);
        used += written;
        length += written;
        return span;
    }

    /// <summary>
    /// The text as one buffer of exactly <see cref="Length"/> bytes: the first chunk itself when everything
    /// fitted in it, else the chunks joined into a new array.
    /// </summary>
    public ReadOnlyMemory<byte> Build()
    {
        if (full.Count == 0)
        {
            return current.AsMemory(0, used);
        }

        var result = GC.AllocateUninitializedArray<byte>((int)length);
        var position = 0;
        foreach (var (chunk, chunkUsed) in full.Append((current, used)))
        {
            chunk.AsSpan(0, chunkUsed).CopyTo(result.AsSpan(position));
            position += chunkUsed;
        }

        return result;
    }
}
