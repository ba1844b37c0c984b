using System.Diagnostics;
using DataSearch.Pool;

namespace DataSearch.Bench;

/// <summary>
/// Reload of a generated 1,000,000-sample pool from its binary cache, timed in a fresh process so that
/// peak RSS (VmHWM) counts only the reload. Samples are synthetic two-turn conversations with
/// instruction lengths of 40–1,200 characters and responses of 5–800, about 0.6 KB each on average.
/// The fresh process's open is the cold figure (what every command pays); a second open in the same
/// process, with the code compiled and the file in the page cache, the warm one. Then, once, the
/// rebuild of a deleted <c>pool.bin</c> from <c>samples.jsonl</c> (a copy of the pool without its cache),
/// also in a fresh process: the import path, whose peak memory holds the pool's text.
/// </summary>
internal static class ReloadBenchmark
{
    private const int Samples = 1_000_000;
    private const int Repetitions = 3;

    public static int Run(string[] args)
    {
        var folder = Path.Combine(Path.GetTempPath(), "datasearch-bench", "pool-1m");
        var watch = Stopwatch.StartNew();
        if (!PoolStore.IsPool(folder))
        {
            PoolStore.Save(Generate(Samples), folder, [], overwrite: true);
        }

        var generated = watch.Elapsed.TotalSeconds;
        var cacheBytes = new FileInfo(Path.Combine(folder, PoolStore.CacheFile)).Length;
        var runs = Enumerable.Range(0, Repetitions).Select(_ => RunChild(folder, rebuild: false)).OrderBy(r => r.Seconds).ToList();
        var median = runs[runs.Count / 2];

        // The same pool without its cache: samples.jsonl and the manifest copied once, pool.bin removed each time.
        var uncached = Path.Combine(Path.GetTempPath(), "datasearch-bench", "pool-1m-uncached");
        Directory.CreateDirectory(uncached);
        foreach (var name in new[] { PoolStore.SamplesFile, PoolStore.ManifestFile })
        {
            if (!File.Exists(Path.Combine(uncached, name)))
            {
                File.Copy(Path.Combine(folder, name), Path.Combine(uncached, name));
            }
        }

        File.Delete(Path.Combine(uncached, PoolStore.CacheFile));
        var rebuilt = RunChild(uncached, rebuild: true);
        File.Delete(Path.Combine(uncached, PoolStore.CacheFile));

        Console.WriteLine($"### Reload of a generated {Samples:N0}-sample pool (cache {BenchRunner.F(cacheBytes / 1e6, "0")} MB), fresh process, median of {Repetitions}");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("| --- | ---: |");
        Console.WriteLine($"| open from `pool.bin` (read, checksum, offset checks), cold: first in a fresh process | {BenchRunner.F(median.Seconds)} s |");
        Console.WriteLine($"| the same, warm: a second open in that process | {BenchRunner.F(median.WarmSeconds)} s |");
        Console.WriteLine($"| peak RSS of the process | {BenchRunner.F(median.PeakRssBytes / 1e9)} GB |");
        Console.WriteLine($"| cache read rate | {BenchRunner.F(cacheBytes / 1e6 / median.Seconds, "0")} MB/s |");
        Console.WriteLine($"| rebuild of a deleted `pool.bin` from `samples.jsonl` (parse, hash, columns, write), fresh process, once | {BenchRunner.F(rebuilt.Seconds, "0.0")} s |");
        Console.WriteLine($"| peak RSS of that process | {BenchRunner.F(rebuilt.PeakRssBytes / 1e9)} GB |");
        Console.WriteLine($"| (generate + save, once; reused across runs) | {BenchRunner.F(generated, "0.0")} s |");
        Console.WriteLine();
        return 0;
    }

    /// <summary>Opens POOL twice and prints the times and peak RSS; with a second argument <c>rebuild</c>, the first open must rebuild the cache (else neither may).</summary>
    public static int RunChild(string[] args)
    {
        var rebuild = args is [_, "rebuild"];
        var watch = Stopwatch.StartNew();
        var opened = PoolStore.Open(args[0]);
        var seconds = watch.Elapsed.TotalSeconds;
        var peak = BenchRunner.PeakRss();
        watch.Restart();
        var again = PoolStore.Open(args[0]);
        var warm = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{seconds} {peak} {opened.Pool.Count} {(opened.RebuiltCache is not null) == rebuild && again.RebuiltCache is null} {warm}");
        return 0;
    }

    private static (double Seconds, long PeakRssBytes, double WarmSeconds) RunChild(string folder, bool rebuild)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in Environment.GetCommandLineArgs().Skip(1).TakeWhile(a => a.EndsWith(".dll", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add(argument);
        }

        if (!Environment.ProcessPath!.EndsWith("DataSearch.Bench", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(ReloadBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add("reload-child");
        start.ArgumentList.Add(folder);
        if (rebuild)
        {
            start.ArgumentList.Add("rebuild");
        }
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd().Trim().Split(' ');
        process.WaitForExit();
        if (line.Length < 5 || line[3] != "True")
        {
            throw new InvalidOperationException($"reload child failed: {string.Join(' ', line)}");
        }

        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return (double.Parse(line[0], invariant), long.Parse(line[1], invariant), double.Parse(line[4], invariant));
    }

    private static SamplePool Generate(int count)
    {
        string[] words = ["data", "model", "train", "the", "of", "answer", "question", "select", "pool", "recipe", "search", "a", "value", "graph", "node", "count", "river", "planet", "number", "sum"];
        var random = new Random(20261123);
        var builder = new PoolBuilder();
        var text = new System.Text.StringBuilder();
        string Words(int minChars, int maxChars)
        {
            text.Clear();
            var length = random.Next(minChars, maxChars);
            while (text.Length < length)
            {
                text.Append(words[random.Next(words.Length)]).Append(' ');
            }

            return text.ToString();
        }

        string[] sources = ["synthetic_qa", "synthetic_chat", "synthetic_math"];
        for (var i = 0; i < count; i++)
        {
            ChatMessage[] messages = [new(ChatRole.User, Words(40, 1200)), new(ChatRole.Assistant, Words(5, 800))];
            builder.TryAdd(null, messages, sources[i % sources.Length], null, [], null, out _, out _);
        }

        return builder.Build();
    }
}
