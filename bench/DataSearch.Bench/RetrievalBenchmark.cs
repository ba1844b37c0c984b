using System.Diagnostics;
using System.Text.Json;
using DataSearch.Retrieval;

namespace DataSearch.Bench;

/// <summary>
/// Lucene.Net BM25 on Wikipedia passages (../shared/data/wikipedia-good-articles split into ~100-word
/// passages): index build time and single-threaded queries (median, p95, queries/s; top 10) for queries
/// made from the articles' titles and opening words, each twice: cold (the first build and the first pass
/// in a fresh process, what a command-line user gets) and warm (a second build; the better of two more
/// passes). With a peer folder it also writes the passages, the queries and its top 10 there, one per
/// line, for bench/peers/bm25.sh to run Java Lucene on the same input.
/// </summary>
internal static class RetrievalBenchmark
{
    public static int Run(string[] args)
    {
        var file = args.Length > 0 ? args[0] : BenchRunner.SharedData() is { } data ? Path.Combine(data, "wikipedia-good-articles", "enwiki_good_articles_sample.jsonl") : null;
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("no input: pass the Wikipedia JSONL, or place the public data in ../shared/data");
            return 1;
        }

        var peer = args.Length > 1 ? args[1] : null;
        var passages = new List<string>();
        var queries = new List<string>();
        foreach (var line in File.ReadLines(file))
        {
            using var document = JsonDocument.Parse(line);
            var title = document.RootElement.GetProperty("title").GetString() ?? string.Empty;
            var text = document.RootElement.GetProperty("text").GetString() ?? string.Empty;
            passages.AddRange(PassageSplitter.Split(title, text));
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            queries.Add($"{title} {string.Join(' ', words.Skip(20).Take(4))}");
        }

        var (coldBuild, index) = Build(passages);
        var cold = Pass(index, queries);
        index.Dispose();
        var (warmBuild, warmIndex) = Build(passages);
        using var disposeWarm = warmIndex;
        var warm = new[] { Pass(warmIndex, queries), Pass(warmIndex, queries) }.MinBy(p => p.Seconds)!;

        Console.WriteLine($"corpus: {Path.GetFileName(file)}, {passages.Count:N0} passages, {passages.Sum(p => (long)p.Length) / 1e6:0.0} M characters, {queries.Count:N0} queries, top 10, one thread");
        Console.WriteLine();
        Console.WriteLine("| run | index build | median query | p95 query | queries/s | peak RSS |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, build, pass) in new[] { ("cold (first in the process)", coldBuild, cold), ("warm", warmBuild, warm) })
        {
            Console.WriteLine($"| {name} | {BenchRunner.F(build, "0.00")} s | {BenchRunner.F(pass.Latencies[pass.Latencies.Count / 2], "0.00")} ms | {BenchRunner.F(pass.Latencies[(int)(pass.Latencies.Count * 0.95)], "0.00")} ms | {BenchRunner.F(queries.Count / pass.Seconds, "0")} | {BenchRunner.F(BenchRunner.PeakRss() / 1e9, "0.00")} GB |");
        }

        if (peer is not null)
        {
            Directory.CreateDirectory(peer);
            static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ');
            File.WriteAllLines(Path.Combine(peer, "passages.txt"), passages.Select(OneLine));
            File.WriteAllLines(Path.Combine(peer, "queries.txt"), queries.Select(OneLine));
            File.WriteAllLines(Path.Combine(peer, "datasearch_top10.txt"), warm.Top.Select(t => string.Join(' ', t)));
        }

        return 0;
    }

    private static (double Seconds, Bm25Index Index) Build(List<string> passages)
    {
        var watch = Stopwatch.StartNew();
        var index = Bm25Index.Build(passages);
        return (watch.Elapsed.TotalSeconds, index);
    }

    private sealed record QueryPass(double Seconds, List<double> Latencies, List<int[]> Top);

    // One pass over every query: per-query latency (sorted), the pass's wall time, and each query's top 10.
    private static QueryPass Pass(Bm25Index index, List<string> queries)
    {
        var latencies = new List<double>(queries.Count);
        var top = new List<int[]>(queries.Count);
        var total = Stopwatch.StartNew();
        foreach (var query in queries)
        {
            var one = Stopwatch.StartNew();
            var hits = index.Search(query, 10);
            latencies.Add(one.Elapsed.TotalMilliseconds);
            top.Add([.. hits.Select(h => h.Document)]);
        }

        var seconds = total.Elapsed.TotalSeconds;
        latencies.Sort();
        return new QueryPass(seconds, latencies, top);
    }
}
