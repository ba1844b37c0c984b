using System.Text;

namespace DataSearch.Pool;

/// <summary>
/// Collects UTF-8 text in fixed-size chunks and joins them once at the end. Growing one array by
/// doubling would copy and zero the whole text several times; here each byte is written once and
/// copied once.
/// </summary>
internal sealed class TextBufferBuilder
{
    private const int ChunkSize = 1 << 22;

    private readonly List<(byte[] Chunk, int Used)> full = [];
    private byte[] current = GC.AllocateUninitializedArray<byte>(ChunkSize);
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

    /// <summary>Joins the chunks into one array of exactly <see cref="Length"/> bytes.</summary>
    public byte[] ToArray()
    {
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
