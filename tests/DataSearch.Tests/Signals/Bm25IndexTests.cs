using DataSearch.Retrieval;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Signals;

public class Bm25IndexTests
{
    private static readonly string[] Documents =
    [
        "Veloria is a kingdom whose capital is Amberfall.",
        "The river Quell flows through Amberfall and into the sea.",
        "Llamas are kept for their wool in the high valleys.",
        "Addition of two numbers: 12 plus 30 is 42.",
    ];

    [Fact]
    public void Search_ranks_the_document_with_the_rare_terms_first()
    {
        using var index = Bm25Index.Build(Documents);
        var hits = index.Search("capital of Veloria", 3);
        Assert.Equal(0, hits[0].Document);
        Assert.True(hits.Count == 1 || hits[0].Score > hits[1].Score);
        Assert.Empty(index.Search("zebra", 3));
        Assert.Empty(index.Search("(( AND: *", 3)); // any text is a query, never Lucene syntax
    }

    [Fact]
    public void Score_all_agrees_with_search_and_is_zero_for_non_matches()
    {
        using var index = Bm25Index.Build(Documents);
        var all = index.ScoreAll(new Dictionary<string, float> { ["amberfall"] = 1 });
        var hits = index.Search("amberfall", 4);
        Assert.Equal(2, hits.Count);
        foreach (var (document, score) in hits)
        {
            Assert.Equal(score, all[document], 4);
        }

        Assert.Equal(0, all[2]);
        Assert.Equal(0, all[3]);
    }

    [Fact]
    public void Relevance_ranks_samples_of_the_target_skill_first()
    {
        var pool = PoolMaker.Make(
            ("what is 12 plus 30", "42"),
            ("tell me about llamas", "they give wool"),
            ("what is 7 plus 8", "15"),
            ("capital of Veloria", "Amberfall"));
        var targets = new[] { new TargetSet("add", ["what is 3 plus 4\n7", "what is 10 plus 11\n21"]) };
        var block = new Relevance().Compute(new SignalInput(pool, "h", targets), null, default);
        var scores = Assert.Single(block.Columns).Values!;
        Assert.Equal("relevance:add", block.Columns[0].Name);
        Assert.True(scores[0] > scores[1] && scores[2] > scores[1] && scores[0] > scores[3]);
    }
}
