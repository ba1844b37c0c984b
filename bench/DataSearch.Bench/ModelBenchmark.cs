using System.Diagnostics;
using System.Globalization;
using DataSearch.Models;
using DataSearch.World;
using TorchSharp;

namespace DataSearch.Bench;

/// <summary>
/// Speed of the embedded model: dense-matmul FLOP/s as the machine's baseline, training tokens/s and
/// its share of that baseline (6·parameters·tokens), one against two threads, and greedy decoding with
/// and without the key/value cache.
/// </summary>
internal static class ModelBenchmark
{
    private const int TrainingSteps = 200;

    public static int Run(string[] args)
    {
        var world = WorldGenerator.Generate(WorldOptions.Default(1));
        var examples = world.Subsets["oracle"].Select(i => EmbeddedEvaluator.ExampleOf(world.Pool, i)).ToList();
        var config = EmbeddedModelOptions.Default.Model;
        // ROWS and LOOKAHEAD try other packings at the same positions trained: 200 steps of 64 rows, 100 of 128, …
        var defaults = EmbeddedModelOptions.Default.FineTuning;
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : defaults.BatchSize;
        var lookahead = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : defaults.PackingLookahead;
        var options = defaults with { Steps = TrainingSteps * defaults.BatchSize / rows, BatchSize = rows, PackingLookahead = lookahead };
        var prompts = world.Benchmarks.SelectMany(b => b.Items).Select(i => i.Prompt).ToList();

        Console.WriteLine($"### Embedded model ({config.Layers} layers, width {config.Width}, {config.Heads} heads, context {config.Context}, {config.Parameters:N0} parameters)");
        Console.WriteLine($"fine-tuning {options.Steps} steps of {options.BatchSize} rows, packing look-ahead {options.PackingLookahead}");
        Console.WriteLine();
        Console.WriteLine("| threads | matmul 1024² GFLOP/s | training tokens/s | training GFLOP/s (6·N·tokens) | share of matmul | decode 900 prompts, KV cache | without cache | cache speed-up |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            LanguageModel.UseThreads(threads);
            using var model = LanguageModel.Create(config, 1);
            model.Train(examples, options with { Steps = 20 });
            var report = model.Train(examples, options);

            // After training, not before: a 1024² matmul first would raise glibc's dynamic mmap threshold
            // and hide the page faults that a command-line evaluation pays (docs/performance.md).
            var matmul = MatmulGflops();
            var trainingGflops = 6.0 * config.Parameters * report.TokensPerSecond / 1e9;
            var cached = Seconds(() => model.Answer(prompts, 12, useCache: true));
            var uncached = Seconds(() => model.Answer(prompts, 12, useCache: false));
            Console.WriteLine($"| {threads} | {matmul:0.0} | {report.TokensPerSecond:N0} | {trainingGflops:0.0} | {100 * trainingGflops / matmul:0}% | {cached:0.00} s | {uncached:0.00} s | {uncached / cached:0.0}× |");
        }

        Console.WriteLine();
        Console.WriteLine($"peak RSS of this process: {BenchRunner.PeakRss() / 1e9:0.00} GB");
        Console.WriteLine();
        return 0;
    }

    private static double MatmulGflops()
    {
        using var a = torch.randn(1024, 1024);
        using var b = torch.randn(1024, 1024);
        for (var i = 0; i < 3; i++)
        {
            a.matmul(b).Dispose();
        }

        const int repeats = 20;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++)
        {
            a.matmul(b).Dispose();
        }

        return 2.0 * 1024 * 1024 * 1024 * repeats / watch.Elapsed.TotalSeconds / 1e9;
    }

    private static double Seconds(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }
}
