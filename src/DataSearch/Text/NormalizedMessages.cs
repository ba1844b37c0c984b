using System.IO.Hashing;
using DataSearch.Pool;

namespace DataSearch.Text;

/// <summary>
/// A sample's messages as exact-duplicate detection compares them: each message's role, then its content
/// after <see cref="TextNormalizer"/> (case and white space), with separators, appended to a hash. Two
/// runs of messages are "the same" exactly when these bytes are.
/// </summary>
public static class NormalizedMessages
{
    /// <summary>
    /// Appends messages <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive) of
    /// sample <paramref name="index"/> to <paramref name="hash"/>; <paramref name="buffer"/> is the
    /// caller's scratch space, grown when a message needs more.
    /// </summary>
    public static void Append(XxHash128 hash, SamplePool pool, int index, int start, int end, ref byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(pool);
        for (var m = start; m < end; m++)
        {
            hash.Append([(byte)pool.GetRole(index, m), 0x1F]);
            hash.Append(buffer.AsSpan(0, TextNormalizer.NormalizeUtf8(pool.GetContentUtf8(index, m), ref buffer)));
            hash.Append([0x1E]);
        }
    }
}
