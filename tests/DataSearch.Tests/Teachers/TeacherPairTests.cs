using System.Text.Json;
using DataSearch.Teachers;

namespace DataSearch.Tests.Teachers;

public class TeacherPairTests
{
    [Fact]
    public void A_reply_gives_its_usable_pairs_trimmed_up_to_the_limit()
    {
        using var reply = JsonDocument.Parse("""
            {"pairs": [
              "not an object",
              {"question": "  What is 2 + 2? ", "answer": " 4 "},
              {"question": "No answer here"},
              {"question": "   ", "answer": "blank question"},
              {"question": 7, "answer": "a number is not a question"},
              {"question": "Capital of France?", "answer": "Paris"},
              {"question": "Third usable", "answer": "beyond the limit"}
            ]}
            """);

        var pairs = TeacherPair.FromReply(reply.RootElement, 2);

        Assert.Equal([new TeacherPair("What is 2 + 2?", "4"), new TeacherPair("Capital of France?", "Paris")], pairs);
    }

    [Theory]
    [InlineData("""{"answer": "x"}""")]
    [InlineData("""{"pairs": "none"}""")]
    [InlineData("""[{"question": "q", "answer": "a"}]""")]
    public void A_reply_without_a_pairs_list_gives_none(string json)
    {
        using var reply = JsonDocument.Parse(json);
        Assert.Null(TeacherPair.FromReply(reply.RootElement, 8));
    }
}
