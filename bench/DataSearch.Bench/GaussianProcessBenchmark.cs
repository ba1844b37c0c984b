using System.Diagnostics;
using System.Globalization;
using DataSearch.Search;

namespace DataSearch.Bench;

/// <summary>
/// The search's Gaussian-process surrogate on 16-feature data whose target depends on two features: fit
/// and 200 predictions at 12, 24 and 40 observations, cold (the first fit in the process) and warm
/// (median of 5), with the held-out RMSE and the fit's diagnostics. <c>gp DATA_FOLDER</c> also writes
/// the data as CSV for the scikit-learn peer (bench/peers/gp_sklearn.py), which reads the same files.
/// </summary>
internal static class GaussianProcessBenchmark
{
    public static readonly int[] Sizes = [12, 24, 40];
    public const int Features = 16;
    public const int Candidates = 200;

    public static int Run(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : null;
        var (candidates, candidateTruth) = Data(Candidates, 99);
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            Write(Path.Combine(folder, "candidates.csv"), candidates, candidateTruth);
        }

        Console.WriteLine("| observations | fit + 200 predictions, cold (ms) | warm, median of 5 (ms) | fit converged | log likelihood start → fitted | held-out RMSE / spread |");
        Console.WriteLine("| ---: | ---: | ---: | :---: | --- | ---: |");
        foreach (var size in Sizes)
        {
            var (x, y) = Data(size, (ulong)size);
            if (folder is not null)
            {
                Write(Path.Combine(folder, $"train-{size}.csv"), x, y);
            }

            GaussianProcess? gp = null;
            double Once()
            {
                var watch = Stopwatch.StartNew();
                gp = GaussianProcess.Fit(x, y);
                foreach (var candidate in candidates)
                {
                    gp.Predict(candidate);
                }

                return watch.Elapsed.TotalMilliseconds;
            }

            var cold = Once();
            var warm = Enumerable.Range(0, 5).Select(_ => Once()).Order().ElementAt(2);
            var fit = gp!.Diagnostics;
            var rmse = Math.Sqrt(candidates.Select((c, i) => gp.Predict(c).Mean - candidateTruth[i]).Average(e => e * e));
            var mean = candidateTruth.Average();
            var spread = Math.Sqrt(candidateTruth.Average(t => (t - mean) * (t - mean)));
            Console.WriteLine($"| {size} | {BenchRunner.F(cold, "0.0")} | {BenchRunner.F(warm, "0.0")} | {fit.Converged}/{fit.Starts} | {BenchRunner.F(fit.StartLogLikelihood, "0.0")} → {BenchRunner.F(fit.FittedLogLikelihood, "0.0")} | {BenchRunner.F(rmse / spread, "0.000")} |");
        }

        return 0;
    }

    /// <summary>Features uniform in [0, 1]; target 10·sin(3·x0) + 5·x1² plus a little noise.</summary>
    public static (List<double[]> X, List<double> Y) Data(int count, ulong seed)
    {
        var random = new Randomness.DeterministicRandom(seed);
        var x = Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, Features).Select(_ => random.NextDouble()).ToArray()).ToList();
        var y = x.Select(p => (10 * Math.Sin(3 * p[0])) + (5 * p[1] * p[1]) + (0.1 * (random.NextDouble() - 0.5))).ToList();
        return (x, y);
    }

    private static void Write(string path, List<double[]> x, List<double> y) =>
        File.WriteAllLines(path, x.Select((row, i) => string.Join(",", row.Append(y[i]).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
}
