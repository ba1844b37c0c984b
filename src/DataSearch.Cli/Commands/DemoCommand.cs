using System.CommandLine;
using System.Diagnostics;
using DataSearch.Acquisition;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Extensions;
using DataSearch.IO;
using DataSearch.Models.Setup;
using DataSearch.Pool;
using DataSearch.Reports;
using DataSearch.Search;
using DataSearch.World;

namespace DataSearch.Cli.Commands;

/// <summary>
/// <c>datasearch demo</c>: the main job on the embedded default, needing no network, GPU or
/// configuration — world, pool check, signals and base model, a recipe search against its baselines, an
/// active-data-search run, and one HTML report. Every stage reuses what an earlier run of the same
/// folder finished, so a rerun (or <c>--resume</c> after Ctrl-C) continues where it stopped.
/// </summary>
internal static class DemoCommand
{
    private const int Stages = 6;

    /// <summary>The profile name <c>demo --real</c> records in demo.json.</summary>
    private const string RealProfile = "real";

    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The run folder to write.",
            DefaultValueFactory = _ => Path.Combine("runs", "demo"),
        };
        var profile = new Option<string?>("--profile")
        {
            Description = $"Size of the demo: {string.Join(", ", DemoProfile.All.Select(p => p.Name))} (default laptop; see the README for each one's time).",
        };
        var quick = new Option<bool>("--quick") { Description = "The quick profile: a small world, short training, a few evaluations; a first taste in under 3 minutes on 2 cores." };
        var resume = new Option<bool>("--resume") { Description = "Continue the demo in --output with the profile and seed it was started with." };
        var model = new Option<string?>("--model") { Description = "Model profile (default, medium, quick, tiny); overrides the one the profile picks.", Hidden = true };
        var seed = new Option<ulong?>("--seed") { Description = "Seeds the world, the search and training (default 1)." };
        var real = new Option<bool>("--real") { Description = "The real-data demo: T0 + Alpaca + GSM8K as the pool, GSM8K, MMLU and BBH as benchmarks, a proxy model trained on this CPU (about 13 minutes on 2 cores; docs/proxy.md)." };
        var data = new Option<string?>("--data") { Description = "With --real: the folder of the public data sets (default ../shared/data)." };
        var command = new Command("demo", """
            Run both capabilities on the built-in skill world and write one report: generate the world (a
            pool with known pathologies, benchmarks, an encyclopedia) and check its pool; compute the pool's
            signals and pre-train (or load the cached) base model; run a budgeted recipe search against its
            baselines (full pool, oracle, …); run active data search (an optimizer learns which API calls
            bring the most gain per cost); write report.html. Re-running the same folder reuses everything
            finished; after Ctrl-C, --resume continues.

            Examples:
              datasearch demo                    # the laptop profile, about 8 minutes on 2 cores
              datasearch demo --quick -o runs/q  # about 2 minutes
              datasearch demo --resume           # continue runs/demo after Ctrl-C
              datasearch demo --real -o runs/real  # your kind of data: real pool, real benchmarks (about 13 minutes)
              datasearch demo --profile workstation -o runs/w  # every baseline, 40 evaluations (about 35 minutes)
            """)
        {
            output, profile, quick, resume, model, seed, real, data,
        };
        command.SetAction(parsed =>
        {
            var folder = parsed.GetRequiredValue(output);
            if (parsed.GetValue(real) && (parsed.GetValue(quick) || parsed.GetValue(profile) is not null))
            {
                throw new UsageException("--real runs its own profile; leave out --quick and --profile");
            }

            var summary = Settings(folder, parsed.GetValue(real) ? RealProfile : parsed.GetValue(profile), parsed.GetValue(quick), parsed.GetValue(resume), parsed.GetValue(model), parsed.GetValue(seed));
            try
            {
                return summary.Profile == RealProfile
                    ? ExecuteReal(environment, folder, summary, RealDataDemo.DataFolder(parsed.GetValue(data)))
                    : Execute(environment, folder, summary);
            }
            catch (OperationCanceledException)
            {
                environment.Error.WriteLine($"stopped; `datasearch demo --resume -o {folder}` continues where it stopped.");
                throw;
            }
        });
        return command;
    }

    /// <summary>The demo's settings: stored ones on --resume, else from the flags, refusing to mix two demos in one folder.</summary>
    private static DemoSummary Settings(string folder, string? profileName, bool quick, bool resume, string? model, ulong? seed)
    {
        var existing = DemoSummary.TryRead(folder);
        if (resume)
        {
            return existing ?? throw new UsageException($"--resume: {folder} holds no demo to continue ({DemoSummary.FileName} is missing); run `datasearch demo -o {folder}` to start one");
        }

        if (quick && profileName is not null && profileName != "quick")
        {
            throw new UsageException("--quick and --profile name different profiles; give one of them");
        }

        // The real-data demo has no world profile; its model setting only picks the proxy's size (tiny for tests).
        var (name, profileModel) = profileName == RealProfile ? (RealProfile, "default") : NameAndModel(DemoProfile.Named(quick ? "quick" : profileName ?? "laptop"));
        var wanted = new DemoSummary(name, model ?? profileModel, seed ?? 1, []);
        if (existing is not null && (existing.Profile, existing.Model, existing.Seed) != (wanted.Profile, wanted.Model, wanted.Seed))
        {
            throw new UsageException(
                $"{folder} holds a demo with profile {existing.Profile}, model {existing.Model}, seed {existing.Seed}; "
                + "pass --resume to continue it, or choose another folder with -o");
        }

        return existing ?? wanted;
    }

    private static (string Name, string Model) NameAndModel(DemoProfile profile) => (profile.Name, profile.Model);

    /// <summary>The real-data demo: import the public data as a pool, compute its signals, search it with the proxy evaluator beside its baselines, write the report.</summary>
    private static int ExecuteReal(CliEnvironment environment, string folder, DemoSummary summary, string dataFolder)
    {
        Directory.CreateDirectory(folder);
        summary.Write(folder);
        var poolFolder = Path.GetFullPath(Path.Combine(folder, "pool"));
        environment.Output.WriteLine($"demo: real data from {dataFolder}, seed {summary.Seed}, in {folder}");
        var total = Stopwatch.StartNew();
        (int, int) At(int n) => (n, 4);

        summary = Stage(environment, folder, summary, DemoStageId.Pool, "import T0, Alpaca and GSM8K as one pool and check it", () =>
        {
            if (!File.Exists(Path.Combine(poolFolder, PoolStore.ManifestFile)))
            {
                var files = RealDataDemo.PoolFiles.Select(f => Path.Combine(dataFolder, f)).ToArray();
                var result = ProgressDisplay.Run(environment, "import", progress => new Pool.Import.PoolImporter().Import(files, new Pool.Import.ImportOptions(), progress, environment.Cancellation));
                PoolStore.Save(result.Pool, poolFolder, [.. result.Files.Select(f => f.ToImportedFile())], overwrite: true, []);
            }

            var statistics = PoolStatistics.Compute(PoolStore.Open(poolFolder).Pool);
            return $"{statistics.Samples:N0} samples; sources {string.Join(", ", statistics.Sources.Select(s => $"{s.Name} {s.Samples:N0}"))}; exact duplicates {statistics.ExactDuplicates:N0}";
        }, position: At(1));

        var config = RealDataDemo.Config(poolFolder, dataFolder, summary.Seed, summary.Model);
        var compareFolder = Path.Combine(folder, "compare");
        SearchSetup? setup = null;
        summary = Stage(environment, folder, summary, DemoStageId.Signals, "compute the pool's text and relevance signals and pre-train (or load) the proxy's base model", () =>
        {
            setup = SearchSetup.Create(environment.Host(), config, ExtensionSet.Load([]), compareFolder);
            return $"{setup.Context.Signals.Names.Count()} signal columns; search space of {setup.Space.Operators.Count} operators";
        }, position: At(2));

        summary = Stage(environment, folder, summary, DemoStageId.Search, $"recipe search with the proxy evaluator ({RealDataDemo.Budget} evaluations) against {RealDataDemo.Baselines.Count} baselines", () =>
            CompareStage(environment, config, setup!, compareFolder, RealDataDemo.Baselines, oracle: null), position: At(3));

        var reportPath = ReportStages(environment, folder, ref summary, position: At(4));
        environment.Output.WriteLine();
        environment.Output.WriteLine($"done in {total.Elapsed.TotalMinutes:0.0} min. Open {Path.GetFullPath(reportPath)} in a browser. The proxy's scores are 100·2^(−bits per byte) of held-out answers (docs/proxy.md): they rank subsets; they are not accuracies.");
        return ExitCodes.Success;
    }

    /// <summary>The search and its baselines for one seed in <paramref name="compareFolder"/> (its config, log and comparison), shown as a table; the outcome line.</summary>
    private static string CompareStage(CliEnvironment environment, SearchConfig config, SearchSetup setup, string compareFolder, IReadOnlyList<string> baselines, int[]? oracle)
    {
        Directory.CreateDirectory(compareFolder);
        AtomicFile.WriteAllText(Path.Combine(compareFolder, "config.yaml"), config.ToYaml());
        var (log, file) = SearchRun.Logger(environment, new SearchRunFolder(compareFolder).EngineLog);
        using var closeLog = file;
        var comparison = new Comparison(config, setup.Context, setup.Space, setup.Evaluator, compareFolder, log) { Baselines = baselines };
        var compared = ProgressDisplay.Run(environment, "recipe search", progress => comparison.Run([config.Seed], oracle, progress, environment.Cancellation));
        CompareCommand.Render(environment, compared, 1, config.MaxEvaluations);
        return string.Join(", ", compared.OrderByDescending(r => r.Mean).Select(r => $"{r.Method} {r.Mean:0.0}"));
    }

    /// <summary>Writes the report as a stage, then once more so that its table of stages includes the report stage itself; the report's path.</summary>
    private static string ReportStages(CliEnvironment environment, string folder, ref DemoSummary summary, (int Number, int Of)? position = null)
    {
        var reportPath = Path.Combine(folder, RunReport.DefaultFile);
        summary = Stage(environment, folder, summary, DemoStageId.Report, "write the report", () =>
        {
            var document = RunReport.Write(folder, reportPath);
            return $"{reportPath}: {document.Sections.Sum(s => s.Blocks.Count)} figures and tables in {document.Sections.Count} sections";
        }, position: position);
        RunReport.Write(folder, reportPath);
        return reportPath;
    }

    private static int Execute(CliEnvironment environment, string folder, DemoSummary summary)
    {
        var profile = DemoProfile.Named(summary.Profile);
        Directory.CreateDirectory(folder);
        summary.Write(folder);
        var worldFolder = Path.GetFullPath(Path.Combine(folder, "world"));
        environment.Output.WriteLine($"demo: profile {profile.Name} (model {summary.Model}), seed {summary.Seed}, in {folder}");
        var total = Stopwatch.StartNew();

        summary = Stage(environment, folder, summary, DemoStageId.World, "generate the built-in skill world", () =>
        {
            var options = profile.World(summary.Seed);
            var manifest = ReuseOrGenerate(worldFolder, options);
            return $"{manifest.Samples:N0} samples from {options.Sources.Count} sources, {manifest.Benchmarks.Count} benchmarks (pool hash {manifest.PoolHash[..16]})";
        });

        var poolFolder = Path.Combine(worldFolder, WorldStore.PoolFolder);
        summary = Stage(environment, folder, summary, DemoStageId.Pool, "check and summarise its pool", () =>
        {
            var failed = PoolValidator.Validate(poolFolder, cancellationToken: environment.Cancellation).Where(c => !c.Passed).ToList();
            if (failed.Count > 0)
            {
                throw new CorruptDataException(poolFolder, string.Join("; ", failed.Select(c => $"{c.Name}: {c.Detail}")));
            }

            var statistics = PoolStatistics.Compute(PoolStore.Open(poolFolder).Pool);
            return $"pool valid; sources {string.Join(", ", statistics.Sources.Select(s => $"{s.Name} {s.Samples:N0}"))}; exact duplicates {statistics.ExactDuplicates:N0}";
        });

        var config = new SearchConfig
        {
            World = worldFolder,
            MaxEvaluations = profile.Budget,
            NLhsSeeds = profile.WarmupProbes,
            Seed = summary.Seed,
            Model = summary.Model,
        };
        var compareFolder = Path.Combine(folder, "compare");
        SearchSetup? setup = null;
        summary = Stage(environment, folder, summary, DemoStageId.Signals, "compute the pool's signals and pre-train (or load) the base model", () =>
        {
            setup = SearchSetup.Create(environment.Host(), config, ExtensionSet.Load([]), compareFolder);
            return $"{setup.Context.Signals.Names.Count()} signal columns; search space of {setup.Space.Operators.Count} operators";
        });

        summary = Stage(environment, folder, summary, DemoStageId.Search, $"recipe search ({profile.Budget} evaluations) against {profile.Baselines.Count} baselines", () =>
            CompareStage(environment, config, setup!, compareFolder, profile.Baselines, SubsetFile.Read(Path.Combine(worldFolder, "subsets", "oracle.ids"), setup!.Context.Pool)));

        var acquireFolder = Path.Combine(folder, "acquire");
        summary = Stage(environment, folder, summary, DemoStageId.Acquire, $"active data search ({profile.Iterations} iterations × {profile.TasksPerIteration} tasks × {profile.TrajectoriesPerTask} trajectories)", () =>
        {
            Directory.CreateDirectory(acquireFolder);
            var settings = new AcquisitionConfig
            {
                World = worldFolder,
                Seed = summary.Seed,
                Model = summary.Model,
                Iterations = profile.Iterations,
                TasksPerIteration = profile.TasksPerIteration,
                TrajectoriesPerTask = profile.TrajectoriesPerTask,
            };
            settings.ThrowIfInvalid("demo acquisition settings");
            var methods = AcquisitionRun.Execute(environment, settings, acquireFolder, evaluateOnly: false, profile.AcquisitionBaselines);
            AcquireCommand.Render(environment, methods, settings.Lambda);
            var m = methods[0].Metrics;
            return $"trained optimizer wins {m.WinRate:P0} of {m.CompletedTasks} {(methods[0].TrainingTaskMetrics is null ? string.Empty : "held-out ")}tasks against the base policy (average {m.AverageScore:0.0} vs {m.AverageBaseScore:0.0}) for {m.TotalApiCost:0.#} cost units";
        }, reuse: File.Exists(Path.Combine(acquireFolder, AcquisitionReport.ResultFile)));

        var reportPath = ReportStages(environment, folder, ref summary);
        environment.Output.WriteLine();
        environment.Output.WriteLine($"done in {total.Elapsed.TotalMinutes:0.0} min. Open {Path.GetFullPath(reportPath)} in a browser; its data is in {Path.ChangeExtension(reportPath, ".json")}.");
        return ExitCodes.Success;
    }

    /// <summary>Runs a stage (or, when <paramref name="reuse"/> and it finished before, skips it), prints its outcome and records it in demo.json.</summary>
    private static DemoSummary Stage(CliEnvironment environment, string folder, DemoSummary summary, DemoStageId id, string title, Func<string> work, bool reuse = false, (int Number, int Of)? position = null)
    {
        var (number, of) = position ?? ((int)id + 1, Stages);
        environment.Output.WriteLine();
        environment.Output.WriteLine($"[{number}/{of}] {title}");
        var stage = new DemoStage(title, 0, string.Empty) { Id = id };
        if (reuse && summary.Stages.FirstOrDefault(s => s.SameStage(stage)) is { } done)
        {
            environment.Output.WriteLine($"reused from an earlier run: {done.Outcome}");
            return summary;
        }

        var watch = Stopwatch.StartNew();
        var outcome = work();
        environment.Output.WriteLine(outcome);
        var updated = summary.With(stage with { Seconds = Math.Round(watch.Elapsed.TotalSeconds, 1), Outcome = outcome });
        updated.Write(folder);
        return updated;
    }

    private static WorldManifest ReuseOrGenerate(string worldFolder, WorldOptions options)
    {
        if (File.Exists(Path.Combine(worldFolder, WorldStore.ManifestFile)))
        {
            var existing = WorldStore.ReadManifest(worldFolder);
            if (existing.Seed == options.Seed && existing.Samples == options.Sources.Sum(s => s.Samples))
            {
                return existing;
            }
        }

        return WorldStore.Save(WorldGenerator.Generate(options), worldFolder, overwrite: true);
    }
}
