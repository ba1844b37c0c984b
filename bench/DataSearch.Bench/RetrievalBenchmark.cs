using System.Diagnostics;
using System.Text.Json;
using DataSearch.Retrieval;

namespace DataSearch.Bench;

/// <summary>
/// Lucene.Net BM25 on Wikipedia passages (../shared/data/wikipedia-good-articles split into ~100-word
/// passages): index build time, then single-threaded query latency (median, p95) and queries/s for
/// queries made from the articles' titles and opening words.
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

        var watch = Stopwatch.StartNew();
        using var index = Bm25Index.Build(passages);
        var build = watch.Elapsed.TotalSeconds;
        foreach (var query in queries.Take(200))
        {
            index.Search(query, 10);
        }

        var latencies = new List<double>();
        var total = Stopwatch.StartNew();
        foreach (var query in queries)
        {
            var one = Stopwatch.StartNew();
            index.Search(query, 10);
            latencies.Add(one.Elapsed.TotalMilliseconds);
        }

        var seconds = total.Elapsed.TotalSeconds;
        latencies.Sort();
        Console.WriteLine($"corpus: {Path.GetFileName(file)}, {passages.Count:N0} passages, {passages.Sum(p => (long)p.Length) / 1e6:0.0} M characters");
        Console.WriteLine();
        Console.WriteLine("| passages | index build | queries | median query | p95 query | queries/s (one thread, top 10) | peak RSS |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| {passages.Count:N0} | {BenchRunner.F(build, "0.0")} s | {queries.Count:N0} | {BenchRunner.F(latencies[latencies.Count / 2], "0.00")} ms | {BenchRunner.F(latencies[(int)(latencies.Count * 0.95)], "0.00")} ms | {BenchRunner.F(queries.Count / seconds, "0")} | {BenchRunner.F(BenchRunner.PeakRss() / 1e9, "0.00")} GB |");
        return 0;
    }
}
