using System.Diagnostics;
using System.Globalization;
using DataSearch.Models.Signals;
using DataSearch.Text;
using DataSearch.World;

namespace DataSearch.Bench;

/// <summary>
/// Sentence-embedding throughput (all-MiniLM-L6-v2 on ONNX Runtime, every core): samples of the T0 pool
/// beside the checkout (else of the default world) embedded as the <c>embedding</c> provider embeds them,
/// samples/s and the hours one million would take.
/// </summary>
internal static class EmbeddingBenchmark
{
    public static int Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var t0 = BenchRunner.InputFile([]);
        var pool = t0 is not null && File.Exists(t0)
            ? new Pool.Import.PoolImporter().Import([t0], new Pool.Import.ImportOptions()).Pool
            : WorldGenerator.Generate(WorldOptions.Default(1)).Pool;
        // Every k-th sample, so the lengths are the pool's and not one source's.
        var stride = Math.Max(1, pool.Count / Math.Max(1, count));
        var texts = Enumerable.Range(0, Math.Min(count, pool.Count)).Select(i => SampleText.Full(pool, i * stride)).ToList();
        Console.WriteLine($"{texts.Count:N0} samples of {(t0 is not null && File.Exists(t0) ? t0 : "the default world")}, {Environment.ProcessorCount} cores");
        EmbeddingSignals.Embed(texts.Take(64).ToList());
        Console.WriteLine();
        Console.WriteLine("| sentence embeddings | samples | seconds | samples/s | hours for 1M |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (characters, byLength) in new[] { (EmbeddingSignals.MaxCharacters, false), (EmbeddingSignals.MaxCharacters, true), (512, true) })
        {
            var watch = Stopwatch.StartNew();
            EmbeddingSignals.Embed(texts, characters, byLength);
            var seconds = watch.Elapsed.TotalSeconds;
            var order = byLength ? "batched by length" : "batched in pool order";
            Console.WriteLine($"| all-MiniLM-L6-v2, first {characters:N0} characters, {order} | {texts.Count:N0} | {seconds:0.0} | {texts.Count / seconds:N0} | {1_000_000 / (texts.Count / seconds) / 3600:0.00} |");
        }

        return 0;
    }
}
