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
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = stackalloc byte[1];
        foreach (var message in messages)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(ChatRoleNames.Of(message.Role)));
            separator[0] = 0x1F;
            sha.AppendData(separator);
            sha.AppendData(Encoding.UTF8.GetBytes(Normalise(message.Content)));
            separator[0] = 0x1E;
            sha.AppendData(separator);
        }

        Span<byte> digest = stackalloc byte[32];
        sha.GetHashAndReset(digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
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
