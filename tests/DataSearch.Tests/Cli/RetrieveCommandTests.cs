using System.Text.Json;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

public class RetrieveCommandTests
{
    private const string Wikipedia = "wikipedia-good-articles/enwiki_good_articles_sample.jsonl";

    [Fact]
    public void Retrieve_prints_and_writes_the_best_passages_of_each_query()
    {
        using var folder = new TempFolder();
        var corpus = Path.Combine(folder.Path, "corpus.jsonl");
        File.WriteAllLines(corpus,
        [
            """{"id": "a", "title": "Harbour", "text": "The harbour of Tamsk shelters fishing boats. Its lighthouse was built of granite."}""",
            """{"id": "b", "title": "Orchard", "text": "The orchard grows pears and apples on the southern hills."}""",
            """{"id": "c", "title": "Mill", "text": "The mill grinds wheat from the valley farms into flour."}""",
        ]);
        var json = Path.Combine(folder.Path, "hits.json");
        var run = CliRunner.Run("retrieve", "--corpus", corpus, "-k", "2", "--json", json, "granite lighthouse", "pears apples");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("3 passages", run.Output);

        using var written = JsonDocument.Parse(File.ReadAllText(json));
        var queries = written.RootElement.GetProperty("queries").EnumerateArray().ToList();
        Assert.Equal(2, queries.Count);
        Assert.Equal("a#0", queries[0].GetProperty("hits")[0].GetProperty("id").GetString());
        Assert.Equal("b#0", queries[1].GetProperty("hits")[0].GetProperty("id").GetString());
        Assert.True(queries[0].GetProperty("hits").GetArrayLength() <= 2);
        Assert.Equal(3, written.RootElement.GetProperty("passages").GetInt32());
    }

    [Fact]
    public void Retrieve_refuses_missing_or_ambiguous_corpora_and_reports_a_bad_line()
    {
        Assert.Equal(2, CliRunner.Run("retrieve", "query").ExitCode);
        using var folder = new TempFolder();
        var corpus = Path.Combine(folder.Path, "bad.jsonl");
        File.WriteAllLines(corpus, ["""{"text": "fine"}""", """{"body": "no text field"}"""]);
        var bad = CliRunner.Run("retrieve", "--corpus", corpus, "fine");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("bad.jsonl", bad.Error);
        Assert.Contains("2", bad.Error);
        Assert.Contains("'text'", bad.Error);
        Assert.NotEqual(0, CliRunner.Run("retrieve", "--corpus", Path.Combine(folder.Path, "absent.jsonl"), "q").ExitCode);
    }

    /// <summary>The spot checks documented in docs/acquisition.md: each query's top passages come from the article it is about.</summary>
    [SharedDataFact(Wikipedia)]
    public void Over_wikipedia_good_articles_the_documented_spot_checks_find_their_articles()
    {
        using var folder = new TempFolder();
        var json = Path.Combine(folder.Path, "hits.json");
        var expected = new Dictionary<string, string>
        {
            ["Objectivism philosophy novel The Fountainhead"] = "Ayn Rand",
            ["alkali metals react with water"] = "Alkali metal",
            ["general theory of relativity"] = "Albert Einstein",
            ["natural selection Darwin"] = "Natural selection",
            ["North Atlantic Treaty signed 1949"] = "NATO",
            ["peptide bond between amino acids"] = "Amino acid",
        };
        var run = CliRunner.Run(["retrieve", "--corpus", SharedData.Path(Wikipedia), "-k", "3", "--json", json, .. expected.Keys]);
        Assert.Equal(0, run.ExitCode);
        using var written = JsonDocument.Parse(File.ReadAllText(json));
        Assert.InRange(written.RootElement.GetProperty("passages").GetInt32(), 40_000, 80_000);
        foreach (var query in written.RootElement.GetProperty("queries").EnumerateArray())
        {
            var titles = query.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("title").GetString()).ToList();
            Assert.True(titles.Contains(expected[query.GetProperty("query").GetString()!]), $"{query.GetProperty("query")}: {string.Join(", ", titles)}");
        }
    }
}
