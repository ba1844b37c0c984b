using System.Runtime.InteropServices;
using System.Text;
using DataSearch.Pool;

namespace DataSearch.Tests.Pool;

/// <summary>The pool's text buffer: every span finds its text, and text that fits the expected size is never copied.</summary>
public class TextBufferBuilderTests
{
    private const int Megabyte = 1 << 20;

    private static (TextBufferBuilder Builder, List<(TextSpan Span, string Text)> Appended) Fill(long expectedBytes, int totalBytes)
    {
        var builder = new TextBufferBuilder(expectedBytes);
        var appended = new List<(TextSpan, string)>();
        var random = new Random(7);
        for (var written = 0; written < totalBytes;)
        {
            // Mixed one-, two- and three-byte characters, so byte and char counts differ.
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 3000)).Select(i => "aé€"[random.Next(3)]));
            appended.Add((builder.Append(text), text));
            written += Encoding.UTF8.GetByteCount(text);
        }

        return (builder, appended);
    }

    private static void AssertEverySpanReadsBack(ReadOnlyMemory<byte> text, long length, List<(TextSpan Span, string Text)> appended)
    {
        Assert.Equal(length, text.Length);
        foreach (var (span, expected) in appended)
        {
            Assert.Equal(expected, Encoding.UTF8.GetString(text.Span.Slice(span.Start, span.Length)));
        }
    }

    [Fact]
    public void Text_that_fits_the_expected_size_becomes_the_buffer_without_a_copy()
    {
        var (builder, appended) = Fill(expectedBytes: 12 * Megabyte, totalBytes: 10 * Megabyte);
        var text = builder.Build();
        AssertEverySpanReadsBack(text, builder.Length, appended);
        Assert.True(MemoryMarshal.TryGetArray(text, out var segment));
        Assert.Equal(12 * Megabyte, segment.Array!.Length);
        Assert.Equal(0, segment.Offset);
    }

    [Fact]
    public void Text_past_the_expected_size_or_without_one_is_joined_into_one_exact_array()
    {
        foreach (var expected in new long[] { 5 * Megabyte, 0 })
        {
            var (builder, appended) = Fill(expected, totalBytes: 10 * Megabyte);
            var text = builder.Build();
            AssertEverySpanReadsBack(text, builder.Length, appended);
            Assert.True(MemoryMarshal.TryGetArray(text, out var segment));
            Assert.Equal(builder.Length, segment.Array!.Length);
        }
    }
}
