using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace DataSearch.Text;

/// <summary>Normalisation for exact-duplicate detection: lower case, runs of white space collapsed to one space, trimmed.</summary>
public static class TextNormalizer
{
    // For ASCII bytes: what char.IsWhiteSpace and char.ToLowerInvariant say, looked up instead of called.
    private static readonly bool[] AsciiWhiteSpace = [.. Enumerable.Range(0, 128).Select(b => char.IsWhiteSpace((char)b))];
    private static readonly byte[] AsciiLower = [.. Enumerable.Range(0, 128).Select(b => (byte)char.ToLowerInvariant((char)b))];

    /// <summary>The normalised form of <paramref name="text"/>.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var buffer = Array.Empty<byte>();
        var length = NormalizeUtf8(utf8, ref buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>
    /// Writes the normalised form of the UTF-8 text <paramref name="utf8"/> into <paramref name="buffer"/>
    /// (grown when too small; reuse it across calls) and returns its length in bytes. ASCII is handled a
    /// byte at a time by table; anything else is lowered as one UTF-16 code unit, exactly as
    /// <see cref="Normalize"/> on the decoded string would (invalid bytes count as U+FFFD).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // a hot loop that a short-lived CLI should not run as tier-0 code
    public static int NormalizeUtf8(ReadOnlySpan<byte> utf8, ref byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);

        // One input byte gives at most three output bytes (an invalid byte becomes U+FFFD).
        if (buffer.Length < utf8.Length * 3)
        {
            buffer = new byte[Math.Max(utf8.Length * 3, 256)];
        }

        var written = 0;
        var pendingSpace = false;
        var i = 0;
        while (i < utf8.Length)
        {
            var b = utf8[i];
            if (b < 0x80)
            {
                i++;
                if (AsciiWhiteSpace[b])
                {
                    pendingSpace = written > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    buffer[written++] = (byte)' ';
                    pendingSpace = false;
                }

                buffer[written++] = AsciiLower[b];
                continue;
            }

            if (Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed) != OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
            }

            i += consumed;
            if (rune.IsBmp && char.IsWhiteSpace((char)rune.Value))
            {
                pendingSpace = written > 0;
                continue;
            }

            if (pendingSpace)
            {
                buffer[written++] = (byte)' ';
                pendingSpace = false;
            }

            // char.ToLowerInvariant leaves surrogates (characters beyond the BMP) as they are.
            var lower = rune.IsBmp ? new Rune(char.ToLowerInvariant((char)rune.Value)) : rune;
            written += lower.EncodeToUtf8(buffer.AsSpan(written));
        }

        return written;
    }
}
