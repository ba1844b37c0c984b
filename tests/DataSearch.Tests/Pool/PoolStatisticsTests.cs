using DataSearch.Pool;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Pool;

public class PoolStatisticsTests
{
    [Fact]
    public void Counts_sources_duplicates_empty_responses_and_turns()
    {
        var stats = PoolStatistics.Compute(TestPools.AllLayouts());
        Assert.Equal(16, stats.Samples);
        Assert.Equal(
            ["calc:1", "chat:1", "canonical:1", "openai:2", "sharegpt:2", "alpaca:4", "t0:3", "gsm8k:2"],
            stats.Sources.Select(s => $"{s.Name}:{s.Samples}"));
        // t0.jsonl repeats one prompt/completion pair; nothing else repeats.
        Assert.Equal(1, stats.ExactDuplicates);
        Assert.Equal(1, stats.DuplicateGroups);
        Assert.Equal(1, stats.Sources.Single(s => s.Name == "t0").ExactDuplicates);
        Assert.Equal(0, stats.DuplicateIds);
        // t0's empty completion; openai's second record ends in "Chien", so it is not empty.
        Assert.Equal(1, stats.EmptyResponses);
        // canonical c-1 (target 4) and the first GSM8K record (7).
        Assert.Equal(2, stats.WithTarget);
        // Two assistant turns: openai #2 and sharegpt #2; three: the alpaca record with history.
        Assert.Equal(["1:13", "2:2", "3:1"], stats.AssistantTurns.Select(t => $"{t.Turns}:{t.Samples}"));
        Assert.Equal(["easy:1", "math:1"], stats.Tags.Select(t => $"{t.Tag}:{t.Samples}"));
    }

    [Fact]
    public void Quantiles_use_the_nearest_rank()
    {
        var q = LengthQuantiles.Of([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
        Assert.Equal(new LengthQuantiles(1, 1, 5, 9, 10, 10, 5.5), q);
        Assert.Equal(new LengthQuantiles(0, 0, 0, 0, 0, 0, 0), LengthQuantiles.Of([]));
    }

    [Fact]
    public void Lengths_count_characters_not_bytes()
    {
        var builder = new PoolBuilder();
        builder.Add(new Sample("x", [new ChatMessage(ChatRole.User, "héllo"), new ChatMessage(ChatRole.Assistant, "日本")], "s", null, [], null));
        var stats = PoolStatistics.Compute(builder.Build());
        Assert.Equal(5, stats.PromptChars.Max);
        Assert.Equal(2, stats.ResponseChars.Max);
    }
}
