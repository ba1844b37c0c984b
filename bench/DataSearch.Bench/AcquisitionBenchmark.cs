using System.Diagnostics;
using DataSearch.Acquisition;
using DataSearch.Models.Acquisition;

namespace DataSearch.Bench;

/// <summary>
/// A full acquisition run as <c>examples/acquisition/ads.yaml</c> describes it (3 iterations on the
/// default world), then the trained optimizer and the four baselines evaluated: wall time per phase,
/// where the time goes (updates, decoding, API calls) and peak RSS after each phase. Target: the
/// whole run ≤ 20 minutes on 2 cores.
/// </summary>
internal static class AcquisitionBenchmark
{
    public static int Run(string[] args)
    {
        var seed = args.Length > 0 ? ulong.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var config = new AcquisitionConfig { Seed = seed };
        var folder = Path.Combine(Path.GetTempPath(), $"datasearch-acquire-bench-{Environment.ProcessId}");
        var rows = new List<string>();
        var total = Stopwatch.StartNew();
        void Row(string phase, double seconds, string detail, bool rss = true) =>
            rows.Add($"| {phase} | {BenchRunner.F(seconds)} | {(rss ? (BenchRunner.PeakRss() / (1 << 20)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "")} | {detail} |");
        try
        {
            var watch = Stopwatch.StartNew();
            using var session = AcquisitionSession.Open(config, DataSearch.World.WorldEnvironment.Generate(DataSearch.World.WorldOptions.Default(config.WorldSeed)), folder, _ => { }, null, default);
            Row("open (world, corpus, base model, base policy)", watch.Elapsed.TotalSeconds, $"{session.Tasks.Count} tasks");
            var optimizer = AcquisitionSession.Optimizer(config.Optimizer);
            watch.Restart();
            var (policy, metrics) = session.Loop.Train(optimizer, null, default);
            using (policy)
            {
                Row($"train ({metrics.Count} iterations)", watch.Elapsed.TotalSeconds, $"reward per iteration {string.Join(", ", metrics.Select(m => m.RewardMean.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))}");
                foreach (var m in metrics)
                {
                    Row($"— iteration {m.Iteration}", m.Seconds, $"{m.Trajectories.Count} trajectories, policy dev {m.PolicyScoreBefore:0.0} → {m.PolicyScoreAfter:0.0}", rss: false);
                }

                foreach (var kind in AcquisitionSession.BaselineKinds.Prepend(config.Optimizer))
                {
                    watch.Restart();
                    var evaluation = session.Loop.Evaluate(kind, kind == config.Optimizer ? optimizer : AcquisitionSession.Optimizer(kind), kind == config.Optimizer ? policy : null, null, default);
                    Row($"evaluate {kind}", watch.Elapsed.TotalSeconds, $"win {evaluation.Metrics.WinRate:P0}, cost {evaluation.Metrics.TotalApiCost:0.#}");
                }
            }

            var timings = session.Loop.Timings;
            Console.WriteLine($"acquisition on the default world, seed {seed}: {total.Elapsed.TotalSeconds:0} s in all (target ≤ 1,200 s); of it, policy updates {timings.UpdateSeconds:0} s, decoding {timings.DecodeSeconds:0} s, API calls {timings.ApiSeconds:0.0} s");
            Console.WriteLine();
            Console.WriteLine("| phase | seconds | peak RSS so far (MiB) | detail |");
            Console.WriteLine("| --- | ---: | ---: | --- |");
            rows.ForEach(Console.WriteLine);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }
}
