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
        var texts = Enumerable.Range(0, Math.Min(count, pool.Count)).Select(i => SampleText.Full(pool, i)).ToList();
        Console.WriteLine($"{texts.Count:N0} samples of {(t0 is not null && File.Exists(t0) ? t0 : "the default world")}, {Environment.ProcessorCount} cores");
        EmbeddingSignals.Embed(texts.Take(64).ToList());
        var watch = Stopwatch.StartNew();
        EmbeddingSignals.Embed(texts);
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine("| sentence embeddings | samples | seconds | samples/s | hours for 1M |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| all-MiniLM-L6-v2, first {EmbeddingSignals.MaxCharacters:N0} characters of each sample | {texts.Count:N0} | {seconds:0.0} | {texts.Count / seconds:N0} | {1_000_000 / (texts.Count / seconds) / 3600:0.00} |");
        return 0;
    }
}
