using DataSearch.Pool;
using DataSearch.Pool.Import;

namespace DataSearch.Tests.Support;

/// <summary>Pools built from the hand-written fixtures.</summary>
public static class TestPools
{
    /// <summary>Every good fixture layout in one pool: 3 + 2 + 2 + 4 + 3 + 2 = 16 samples.</summary>
    public static SamplePool AllLayouts() => new PoolImporter().Import(
        [.. new[] { "canonical.jsonl", "openai.jsonl", "sharegpt.json", "alpaca.json", "t0.jsonl", "gsm8k.jsonl" }.Select(Fixtures.Import)],
        new ImportOptions()).Pool;

    public static void AssertSamePool(SamplePool expected, SamplePool actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.SourceNames, actual.SourceNames);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected.GetSample(i);
            var a = actual.GetSample(i);
            Assert.Equal(e.SampleId, a.SampleId);
            Assert.Equal(e.Messages, a.Messages);
            Assert.Equal(e.SourceName, a.SourceName);
            Assert.Equal(e.Target, a.Target);
            Assert.Equal(e.Tags, a.Tags);
            Assert.Equal(e.MetadataJson, a.MetadataJson);
            Assert.Equal(expected.GetContentHash(i), actual.GetContentHash(i));
        }
    }
}
