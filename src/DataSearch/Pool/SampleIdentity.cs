using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DataSearch.Pool;

/// <summary>
/// Derives a sample's content hash and default id. The hash is SHA-256 over the normalised conversation,
/// so it is the same on every machine and in every run: for each message, its canonical role name, the
/// byte 0x1F, its content with CRLF turned into LF and leading/trailing white space trimmed, then 0x1E
/// (all UTF-8). The id is the first 8 bytes of the hash as 16 lower-case hex digits; the n-th exact
/// duplicate (n ≥ 2) of a conversation gets the suffix <c>-n</c>, so duplicates keep distinct ids.
/// </summary>
public static class SampleIdentity
{
    /// <summary>Bumped whenever the normalisation changes, so cached ids are never mixed across versions.</summary>
    public const int Version = 1;

    /// <summary>The 64-bit content hash of a conversation.</summary>
    public static ulong ContentHash(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var capacity = 0;
        foreach (var message in messages)
        {
            capacity += Encoding.UTF8.GetMaxByteCount(message.Content.Length) + 16;
        }

        // One contiguous buffer and a one-shot hash: this runs once per imported sample.
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            var length = 0;
            foreach (var message in messages)
            {
                length += Encoding.UTF8.GetBytes(ChatRoleNames.Of(message.Role), buffer.AsSpan(length));
                buffer[length++] = 0x1F;
                length += Encoding.UTF8.GetBytes(Normalise(message.Content), buffer.AsSpan(length));
                buffer[length++] = 0x1E;
            }

            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, length), digest);
            return BinaryPrimitives.ReadUInt64BigEndian(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The id of the <paramref name="occurrence"/>-th (1-based) sample with this content hash.</summary>
    public static string IdFor(ulong contentHash, int occurrence)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(occurrence, 1);
        var hex = contentHash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        return occurrence == 1 ? hex : $"{hex}-{occurrence}";
    }

    /// <summary>The normalisation applied to message content before hashing.</summary>
    public static string Normalise(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var unified = content.Contains('\r') ? content.Replace("\r\n", "\n", StringComparison.Ordinal) : content;
        return unified.Trim();
    }
}
