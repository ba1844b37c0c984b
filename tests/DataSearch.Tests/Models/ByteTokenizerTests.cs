using CsCheck;
using DataSearch.Models;

namespace DataSearch.Tests.Models;

public class ByteTokenizerTests
{
    [Fact]
    public void Any_string_round_trips_through_tokens()
    {
        Gen.String.Sample(text =>
        {
            // Lone surrogates are not valid UTF-16 and cannot round-trip through UTF-8 by definition.
            if (!System.Text.Unicode.Utf8.IsValid(System.Text.Encoding.UTF8.GetBytes(text)) || text.Any(char.IsSurrogate))
            {
                return;
            }

            Assert.Equal(text, ByteTokenizer.Decode(ByteTokenizer.Encode(text)));
        });
        Assert.Equal("naïve 日本", ByteTokenizer.Decode(ByteTokenizer.Encode("naïve 日本")));
    }

    [Fact]
    public void An_example_is_prompt_separator_answer_end_with_the_response_after_the_separator()
    {
        var example = ByteTokenizer.Example("ab", "c");
        Assert.Equal([97, 98, ByteTokenizer.Separator, 99, ByteTokenizer.EndOfText], example.Tokens);
        Assert.Equal(3, example.ResponseStart);
        Assert.Equal("abc", ByteTokenizer.Decode(example.Tokens));
    }
}
