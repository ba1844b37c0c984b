using System.Diagnostics;
using System.Globalization;

namespace DataSearch.Bench;

/// <summary>
/// Entry point of the benchmarks: <c>dotnet run -c Release --project bench/DataSearch.Bench -- NAME…</c>.
/// Each benchmark prints a Markdown table that goes into docs/performance.md as is.
/// </summary>
internal static class BenchRunner
{
    private static readonly Dictionary<string, (string Help, Func<string[], int> Run)> Benchmarks = new()
    {
        ["import"] = ("import the T0 pool (or FILE) on one core; MB/s against raw reading and parsing", ImportBenchmark.Run),
        ["json"] = ("System.Text.Json: JsonDocument vs reflection vs source-generated deserialisation", JsonPathBenchmark.Run),
        ["reload"] = ("generate a 1,000,000-sample pool, then time its reload and peak RSS in a fresh process", ReloadBenchmark.Run),
        ["world-eval"] = ("[SEEDS|FIRST-LAST] [STEPS] [SUBSETS] [BATCH] [LR] [QUESTIONS] [LOOKAHEAD]: oracle vs full vs noisy on the default world, scores and time per evaluation", WorldEvaluationBenchmark.Run),
        ["model"] = ("[ROWS] [LOOKAHEAD]: embedded model: matmul baseline, training tokens/s and share of it, threads, KV cache", ModelBenchmark.Run),
        ["recipe"] = ("[SIZES]: a 4-step recipe (filter → dedup → mix → top-k) on worlds of 100k and 1M samples", RecipeBenchmark.Run),
        ["signals"] = ("[FILE] [model]: MinHash + LSH vs exact dedup on one core on T0; with model, model-side signals", SignalBenchmark.Run),
        ["retrieval"] = ("[FILE] [PEER_FOLDER]: Lucene.Net BM25 over Wikipedia passages, cold and warm: index build, query latency, queries/s; writes the input and top 10 for bench/peers/bm25.sh", RetrievalBenchmark.Run),
        ["gp"] = ("[DATA_FOLDER]: the search's Gaussian process, fit + 200 predictions at 12/24/40 observations, cold and warm; writes the data for bench/peers/gp_sklearn.py", GaussianProcessBenchmark.Run),
        ["search-round"] = ("[CANDIDATES]: controller time per search round (proposal, materialisation, GP, ranking) without evaluation", SearchRoundBenchmark.Run),
        ["acquire"] = ("[SEED]: a 3-iteration acquisition run on the default world and 5 methods evaluated; time per phase, where it goes, peak RSS", AcquisitionBenchmark.Run),
        ["proxy"] = ("[CONFIG|world] [SEEDS]: the proxy evaluator on the full pool: base model, decontamination check, seconds per evaluation", ProxyBenchmark.Run),
        ["embeddings"] = ("[N]: sentence embeddings (all-MiniLM-L6-v2) of N T0 samples: samples/s, hours for 1M", EmbeddingBenchmark.Run),
        ["reload-child"] = ("(internal) open POOL and report time and peak RSS", ReloadBenchmark.RunChild),
    };

    public static int Run(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("usage: dotnet run -c Release --project bench/DataSearch.Bench -- NAME [ARGS]");
            foreach (var (name, (help, _)) in Benchmarks.Where(b => !b.Key.EndsWith("-child", StringComparison.Ordinal)))
            {
                Console.WriteLine($"  {name,-8} {help}");
            }

            Console.WriteLine("  all      run import, json and reload");
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] == "all")
        {
            Header();
            return new[] { "import", "json", "reload" }.Select(name => Benchmarks[name].Run([])).Max();
        }

        if (!Benchmarks.TryGetValue(args[0], out var benchmark))
        {
            Console.Error.WriteLine($"unknown benchmark '{args[0]}'");
            return 2;
        }

        if (!args[0].EndsWith("-child", StringComparison.Ordinal))
        {
            Header();
        }

        return benchmark.Run(args[1..]);
    }

    /// <summary>The file named in <paramref name="args"/>, else the public T0 pool beside the checkout, else null.</summary>
    public static string? InputFile(string[] args) =>
        args.Length > 0 ? args[0] : SharedData() is { } data ? Path.Combine(data, "t0-train-50k", "t0_train_50k.jsonl") : null;

    /// <summary>Peak resident set size of this process (VmHWM), in bytes.</summary>
    public static long PeakRss()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The folder of the public data sets beside the checkout, or null.</summary>
    public static string? SharedData()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DataSearch.slnx")))
            {
                var data = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data"));
                return Directory.Exists(data) ? data : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The first call of <paramref name="action"/> (cold: what a fresh command-line process pays, JIT and
    /// first touch of memory included) and the median of <paramref name="repetitions"/> more (warm).
    /// </summary>
    public static (double Cold, double Warm) ColdAndWarmSeconds(int repetitions, Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        var cold = watch.Elapsed.TotalSeconds;
        return (cold, MedianSeconds(repetitions, action));
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="repetitions"/> times and returns the median seconds.</summary>
    public static double MedianSeconds(int repetitions, Action action)
    {
        var times = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalSeconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    public static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    private static void Header()
    {
        Console.WriteLine($"<!-- {DateTime.UtcNow:yyyy-MM-dd} · {Environment.ProcessorCount} cores · {Environment.OSVersion} · .NET {Environment.Version} · {CpuName()} -->");
    }

    private static string CpuName()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }
}
