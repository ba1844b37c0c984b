using System.CommandLine;
using System.Globalization;
using DataSearch.Acquisition;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Models.Acquisition;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch acquire --config ads.yaml -o RUN</c>, <c>--resume RUN</c>, <c>--evaluate-only RUN</c>.</summary>
internal static class AcquireCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var config = new Option<string?>("--config", "-c") { Description = "The acquisition config (YAML); see docs/acquisition.md." };
        var output = new Option<string?>("--output", "-o") { Description = "A new run folder." };
        var resume = new Option<string?>("--resume") { Description = "Continue the run in this folder after its last completed iteration." };
        var evaluateOnly = new Option<string?>("--evaluate-only") { Description = "Re-evaluate this run's last checkpoint without training." };
        var baselines = new Option<bool>("--baselines") { Description = "Also evaluate the baselines: no data, random trajectories, random heuristic plans, call everything, retrieval only, and the best fixed plan per task family chosen on the development questions." };
        var iterations = new Option<int?>("--iterations") { Description = "Overrides iterations (and ADS_ITERATIONS)." };
        var lambda = new Option<double?>("--lambda") { Description = "Overrides lambda, the cost weight of the reward (and ADS_LAMBDA)." };
        var seed = new Option<ulong?>("--seed") { Description = "Overrides the config's seed." };
        var lambdas = new Option<string?>("--lambdas") { Description = "A λ sweep: one run per value (e.g. 0,0.5,2,8) in RUN/lambda-X, then sweep.json; rerunning continues it." };
        var quick = new Option<bool>("--quick") { Description = "Built-in small settings instead of --config: the small world, the quick model, 3 short iterations (about 3 minutes)." };
        var command = new Command("acquire", """
            Active data search: for each task an optimizer writes a trajectory of API calls (retrieve from a
            knowledge corpus, demonstrate from a teacher, answer a question); the results become training
            data, the policy model is fine-tuned on them, and the optimizer learns from reward = score gain
            − λ · API cost. Writes results/evaluation_results.json, results/training_metrics.json,
            checkpoints/, logs/ads.log and logs/cost_ledger.jsonl (every call with its cost), and the
            acquired data as a canonical pool in acquired/.

            Examples:
              datasearch acquire --config examples/acquisition/ads.yaml -o runs/ads --baselines
              datasearch acquire --quick -o runs/ads-quick --baselines
              datasearch acquire --config examples/acquisition/ads.yaml -o runs/ads-sweep --lambdas 0,0.5,2,8
              datasearch acquire --resume runs/ads
              datasearch acquire --evaluate-only runs/ads
            """)
        {
            config, output, resume, evaluateOnly, baselines, iterations, lambda, seed, quick, lambdas,
        };
        command.SetAction(parsed =>
        {
            var only = parsed.GetValue(evaluateOnly);
            var (runFolder, settings) = parsed.GetValue(quick)
                ? PrepareQuick(parsed.GetValue(config), parsed.GetValue(output), parsed.GetValue(resume) ?? only)
                : Prepare(parsed.GetValue(config), parsed.GetValue(output), parsed.GetValue(resume) ?? only);
            settings = settings with
            {
                Iterations = parsed.GetValue(iterations) ?? settings.Iterations,
                Lambda = parsed.GetValue(lambda) ?? settings.Lambda,
                Seed = parsed.GetValue(seed) ?? settings.Seed,
            };
            settings.ThrowIfInvalid("acquisition settings");
            Directory.CreateDirectory(runFolder);
            if (parsed.GetValue(lambdas) is { } values)
            {
                if (only is not null || parsed.GetValue(resume) is not null || parsed.GetValue(lambda) is not null)
                {
                    throw new UsageException("--lambdas: start or continue a sweep with --config (or --quick) and --output; not with --resume, --evaluate-only or --lambda");
                }

                Sweep(environment, settings, runFolder, LambdaSweep.Parse(values), parsed.GetValue(baselines));
                return ExitCodes.Success;
            }

            var methods = AcquisitionRun.Execute(environment, settings, runFolder, evaluateOnly: only is not null, parsed.GetValue(baselines) ? AcquisitionSession.BaselineKinds : []);
            Render(environment, methods, settings.Lambda);
            var files = new AcquisitionRunFolder(runFolder);
            environment.Output.WriteLine($"results: {files.Results}; acquired data: {files.Acquired}; cost ledger: {files.CostLedger}");
            var spend = CostLedger.Read(runFolder);
            environment.Output.WriteLine($"API spend: {spend.PaidCost:0.0} units paid for {spend.PaidCalls:N0} calls; {spend.CachedCalls:N0} calls ({spend.CachedCost:0.0} units) came from the cache and were not paid again");
            return ExitCodes.Success;
        });
        return command;
    }

    private static (string RunFolder, AcquisitionConfig Settings) Prepare(string? config, string? output, string? existing)
    {
        var (runFolder, configPath) = RunFolderArguments.Resolve(config, output, existing, ["--resume", "--evaluate-only"], "an acquisition", "config.yaml");
        return (runFolder, AcquisitionConfig.Read(configPath));
    }

    private static (string RunFolder, AcquisitionConfig Settings) PrepareQuick(string? config, string? output, string? existing)
    {
        if (config is not null || existing is not null)
        {
            throw new UsageException("--quick uses built-in settings: give it with --output RUN only (a quick run resumes with --resume RUN)");
        }

        var folder = output ?? throw new UsageException("--quick needs --output RUN");
        return (RunFolderArguments.CheckNew(folder, "an acquisition", "config.yaml"), AcquisitionConfig.Quick.WithEnvironment(Environment.GetEnvironmentVariable));
    }

    /// <summary>One run per λ in <c>RUN/lambda-X</c> (a finished one is read, not rerun), then <c>sweep.json</c> and a table.</summary>
    private static void Sweep(CliEnvironment environment, AcquisitionConfig settings, string folder, IReadOnlyList<double> values, bool baselines)
    {
        var points = LambdaSweep.Run(settings, folder, values, (one, sub) =>
            AcquisitionRun.Execute(environment, one, sub, evaluateOnly: false, baselines ? AcquisitionSession.BaselineKinds : [])[0]);
        var table = new Table().Border(TableBorder.Rounded).Title("λ sweep: the trained optimizer on the tasks' test questions")
            .AddColumns("λ", "avg score", "gain", "api cost", "mean reward", "win");
        foreach (var point in points)
        {
            table.AddRow(
                point.Lambda.ToString(CultureInfo.InvariantCulture), point.AverageScore.ToString("0.0", CultureInfo.InvariantCulture),
                point.Gain.ToString("0.0", CultureInfo.InvariantCulture), point.ApiCost.ToString("0.0", CultureInfo.InvariantCulture),
                point.MeanReward.ToString("0.00", CultureInfo.InvariantCulture), point.WinRate.ToString("P0", CultureInfo.InvariantCulture));
        }

        environment.Console.Write(table);
        environment.Output.WriteLine($"written: {Path.Combine(folder, LambdaSweep.File)}; runs in {folder}/lambda-*; datasearch report {folder} plots them");
    }

    /// <summary>Prints the methods' results as a table.</summary>
    public static void Render(CliEnvironment environment, IReadOnlyList<AcquisitionEvaluation> methods, double lambda)
    {
        var heldOut = methods.Count > 0 && methods[0].TrainingTaskMetrics is not null;
        var table = new Table().Border(TableBorder.Rounded).Title($"acquisition results on the {(heldOut ? "held-out tasks' (never seen while learning)" : "tasks'")} test questions (λ = {lambda.ToString(CultureInfo.InvariantCulture)})")
            .AddColumns("method", "win", "tie", "loss", "avg score", "base", "api cost", "mean reward", "gain / cost");
        foreach (var method in methods)
        {
            var m = method.Metrics;
            table.AddRow(
                Markup.Escape(method.Method),
                m.WinRate.ToString("P0", CultureInfo.InvariantCulture),
                m.TieRate.ToString("P0", CultureInfo.InvariantCulture),
                m.LossRate.ToString("P0", CultureInfo.InvariantCulture),
                m.AverageScore.ToString("0.0", CultureInfo.InvariantCulture),
                m.AverageBaseScore.ToString("0.0", CultureInfo.InvariantCulture),
                m.TotalApiCost.ToString("0.#", CultureInfo.InvariantCulture),
                m.MeanReward.ToString("0.00", CultureInfo.InvariantCulture),
                m.GainPerCost is { } g ? g.ToString("0.00", CultureInfo.InvariantCulture) : "–");
        }

        environment.Console.Write(table);
        if (heldOut)
        {
            environment.Output.WriteLine($"on the training tasks (mean reward): {string.Join(", ", methods.Where(m => m.TrainingTaskMetrics is not null).Select(m => $"{m.Method} {m.TrainingTaskMetrics!.MeanReward.ToString("0.00", CultureInfo.InvariantCulture)}"))}");
        }
    }
}
