using System.Diagnostics;
using DataSearch.Models;
using DataSearch.Models.Signals;
using DataSearch.Pool.Import;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.Text;
using DataSearch.World;

namespace DataSearch.Bench;

/// <summary>
/// Signals on the real T0 pool: MinHash signatures + LSH clustering on one core against exact dedup in
/// the same run, and (with <c>model</c>) the model-side signals' samples/s and the extrapolation to 1M.
/// With <c>--peer FOLDER</c> it writes the texts (one per line), the banding and its cluster of every
/// sample there, for bench/peers/minhash.sh to run a numpy MinHash-LSH on the same input.
/// </summary>
internal static class SignalBenchmark
{
    public static int Run(string[] args)
    {
        var peerAt = Array.IndexOf(args, "--peer");
        var peer = peerAt >= 0 && peerAt + 1 < args.Length ? args[peerAt + 1] : null;
        var file = BenchRunner.InputFile([.. args.Where((a, i) => a != "model" && (peerAt < 0 || (i != peerAt && i != peerAt + 1)))]);
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("no input: pass a JSONL file, or place the public data in ../shared/data");
            return 1;
        }

        var pool = new PoolImporter().Import([file], new ImportOptions()).Pool;
        var texts = Enumerable.Range(0, pool.Count).Select(i => SampleText.Full(pool, i)).ToArray();
        Console.WriteLine($"pool: {Path.GetFileName(file)}, {pool.Count:N0} samples, {texts.Sum(t => (long)t.Length) / 1e6:0.0} M characters");
        Console.WriteLine();
        Console.WriteLine("| one core | seconds | samples/s |");
        Console.WriteLine("| --- | ---: | ---: |");
        var input = new SignalInput(pool, "bench", []);
        // Cold is what a short-lived CLI gets (the first call in the process, JIT included); warm is the median of five more.
        var exact = Time(() => new ExactDuplicates().Compute(input, null, default));
        Row("exact dedup (normalise + XxHash128), cold", exact, pool.Count);
        var warm = Enumerable.Range(0, 5).Select(_ => Time(() => new ExactDuplicates().Compute(input, null, default))).Order().ElementAt(2);
        Row("exact dedup, warm (median of 5)", warm, pool.Count);
        var settings = new NearDuplicateSettings();
        var hasher = new MinHasher(settings.NgramSize, settings.Permutations);
        var signatures = new uint[pool.Count * settings.Permutations];
        void SignAll()
        {
            for (var i = 0; i < texts.Length; i++)
            {
                hasher.Sign(texts[i], signatures.AsSpan(i * settings.Permutations, settings.Permutations));
            }
        }

        var sign = Time(SignAll);
        Row($"MinHash signatures ({settings.NgramSize}-word shingles, {settings.Permutations} permutations)", sign, pool.Count);
        var (bands, rows) = settings.Banding();
        int[] clusters = [];
        var lsh = Time(() => clusters = LshClustering.Cluster(signatures, settings.Permutations, bands, rows, settings.Threshold));
        Row($"LSH clustering ({bands} bands × {rows} rows, threshold {settings.Threshold})", lsh, pool.Count);
        Row("MinHash + LSH, cold", sign + lsh, pool.Count);
        var warmMinHash = Enumerable.Range(0, 3).Select(_ => Time(() =>
        {
            SignAll();
            LshClustering.Cluster(signatures, settings.Permutations, bands, rows, settings.Threshold);
        })).Order().ElementAt(1);
        Row("MinHash + LSH, warm (median of 3)", warmMinHash, pool.Count);
        Console.WriteLine();
        Console.WriteLine($"near-duplicate clusters: {clusters.Distinct().Count():N0} for {pool.Count:N0} samples; exact-duplicate clusters: {new ExactDuplicates().Compute(input, null, default).Columns[0].Clusters!.Distinct().Count():N0}");
        if (peer is not null)
        {
            Directory.CreateDirectory(peer);
            File.WriteAllLines(Path.Combine(peer, "texts.txt"), texts.Select(t => t.Replace('\n', ' ').Replace('\r', ' ')));
            File.WriteAllText(Path.Combine(peer, "banding.txt"), $"{settings.NgramSize} {settings.Permutations} {bands} {rows}\n");
            File.WriteAllLines(Path.Combine(peer, "datasearch_clusters.txt"), clusters.Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (args.Contains("model"))
        {
            var options = EmbeddedModelOptions.Default;
            LanguageModel.UseThreads(options.Threads);
            var world = WorldGenerator.Generate(WorldOptions.Default(1));
            var (model, path, _) = BaseModelCache.GetOrBuild(world.PretrainingText, options.Model, options.Pretraining, BaseModelCache.DefaultFolder());
            var key = Path.GetFileNameWithoutExtension(path);
            // SAE/MONA need target sets: 200 of the pool's own instructions stand in (throughput only).
            var targets = new[] { new TargetSet("bench", [.. Enumerable.Range(0, Math.Min(200, pool.Count)).Select(i => SampleText.Instruction(pool, i * (pool.Count / Math.Min(200, pool.Count))))]) };
            var withTargets = input with { Targets = targets };
            Console.WriteLine();
            Console.WriteLine($"| model-side signals ({options.Threads} threads), one provider at a time | seconds | samples/s | hours for 1M |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, provider, on) in new (string, ISignalProvider, SignalInput)[]
            {
                ("loss, perplexity, IFD, entropy, varentropy, pooled hidden state", new ModelSignals(model, key), input),
                ("sparse autoencoder features and MONA (one target set; includes the SAE's training)", new SaeSignals(model, key, new SaeOptions()), withTargets),
                ("cross-fitted loss, confidence, variability (two halves fine-tuned, 3 rounds)", new CrossFitSignals(model, key, options.FineTuning), input),
            })
            {
                var seconds = Time(() => provider.Compute(on, null, default));
                Console.WriteLine($"| {name} | {BenchRunner.F(seconds, "0.0")} | {BenchRunner.F(pool.Count / seconds, "0")} | {BenchRunner.F(1e6 / (pool.Count / seconds) / 3600, "0.00")} |");
            }

            Console.WriteLine("Sentence embeddings have their own benchmark (`-- embeddings`).");
        }

        return 0;
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalSeconds;
    }

    private static void Row(string what, double seconds, int samples) =>
        Console.WriteLine($"| {what} | {BenchRunner.F(seconds, "0.00")} | {BenchRunner.F(samples / seconds, "0")} |");
}
