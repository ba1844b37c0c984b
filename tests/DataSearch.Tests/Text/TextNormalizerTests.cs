using System.Text;
using DataSearch.Text;

namespace DataSearch.Tests.Text;

public class TextNormalizerTests
{
    // The definition, written out plainly: lower case per UTF-16 unit, white space runs to one space, trimmed.
    private static string Reference(string text)
    {
        var result = new StringBuilder();
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(char.ToLowerInvariant(c));
        }

        return result.ToString();
    }

    [Theory]
    [InlineData("  Hello,\tWORLD \n", "hello, world")]
    [InlineData("ÀÉÎ\u00A0Øß\u2003ΣΑΣ", "àéî øß σασ")]
    [InlineData("\u2028tab\u0085line\u3000end ", "tab line end")]
    [InlineData("𐐀 Deseret 😀 EMOJI", "𐐀 deseret 😀 emoji")]
    [InlineData("", "")]
    [InlineData(" \t\r\n ", "")]
    public void Normalising_lowers_collapses_white_space_and_trims(string text, string expected)
    {
        Assert.Equal(Reference(text), expected);
        Assert.Equal(expected, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void The_utf8_normaliser_agrees_with_the_definition_on_random_text()
    {
        // Letters of several scripts and cases, white space of every kind, characters beyond the BMP.
        string[] pieces = ["a", "Z", "é", "É", "ẞ", "İ", "Σ", "ς", "Ж", "ж", "中", "𐐀", "😀", " ", "\t", "\n", "\r", "\u00A0", "\u2003", "\u2028", "\u0085", "\u3000", "\u000B", "\u001F", "1", "!", "\\"];
        var random = new Random(7);
        var buffer = new byte[16];
        for (var trial = 0; trial < 3000; trial++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pieces[random.Next(pieces.Length)]));
            var length = TextNormalizer.NormalizeUtf8(Encoding.UTF8.GetBytes(text), ref buffer);
            Assert.Equal(Reference(text), Encoding.UTF8.GetString(buffer, 0, length));
        }
    }

    [Fact]
    public void Invalid_utf8_is_read_as_the_replacement_character_as_decoding_would()
    {
        byte[] bytes = [(byte)'A', 0xFF, (byte)'B', 0xC3];
        var buffer = Array.Empty<byte>();
        var length = TextNormalizer.NormalizeUtf8(bytes, ref buffer);
        Assert.Equal(Reference(Encoding.UTF8.GetString(bytes)), Encoding.UTF8.GetString(buffer, 0, length));
    }
}
