using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Extensions;
using DataSearch.IO;
using DataSearch.Models.Setup;
using DataSearch.Runs;
using DataSearch.Search;
using DataSearch.World;
using MathNet.Numerics.Statistics;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch compare --config search.yaml --seeds 5 -o DIR</c>: the search against its baselines.</summary>
internal static class CompareCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var config = new Option<string>("--config", "-c") { Description = "The search config (YAML).", Required = true };
        var seeds = new Option<int>("--seeds") { Description = "How many seeds, each a full search plus every baseline.", DefaultValueFactory = _ => 5 };
        var firstSeed = new Option<ulong>("--first-seed") { Description = "The first of the seeds (then the next --seeds − 1): seeds never used for tuning for a headline (docs/search.md, the protocol).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--output", "-o") { Description = "The comparison folder (rerunning resumes from its cache).", Required = true };
        var ablations = new Option<bool>("--ablations") { Description = "Also run the search without GP ranking, without the state vector, without reseeding, without the whole-pool probe (where pool_probe is on), without the specialist mix (where specialist_mix is on) and without the filter probes (where filter_probes names any), and a variant whose rounds rank by the predicted mean alone (greedy_rounds): the methods ablation:NAME." };
        var worlds = new Option<string[]>("--worlds") { Description = "World configs (world.yaml; comma-separated or repeated): the same comparison on each generated world (OUTPUT/worlds/NAME), then every method as a percentage of each world's oracle and the mean over the worlds (zoo.json). The config's own world is not used.", AllowMultipleArgumentsPerToken = true };
        var worldSeed = new Option<ulong?>("--world-seed") { Description = "With --worlds: generate every world with this seed instead of its file's (fresh worlds for headline figures; docs/search.md, the protocol)." };
        var methods = new Option<string[]>("--methods") { Description = $"Run only these methods beside the search (comma-separated or repeated): random_search, best_single_source, random_top_k, full_pool, oracle, single:OPERATOR, ablation:NAME ({string.Join(", ", Comparison.Ablations.Keys)}). Default: every baseline. The search always runs, and with --worlds the oracle.", AllowMultipleArgumentsPerToken = true };
        var rescore = new Option<bool>("--rescore") { Description = "Train every method's final subset once more with a fresh fine-tuning seed (seed + 1000): a best-of-N method's score carries the winner's curse, a one-shot baseline's does not (rescored_mean in compare.json, a column in the table)." };
        var reuse = new Option<string[]>("--reuse") { Description = "Another comparison's folder (repeatable; with --worlds, a zoo folder, matched world by world): its evaluations of a subset and seed stand for this comparison's instead of training them again, once its fingerprint shows the same data, model and evaluator (refused otherwise). For a variant of the search beside baselines already measured. A folder made by another build of the tool is named, not refused.", AllowMultipleArgumentsPerToken = true };
        var extensions = ExtensionOption.Create();
        var command = new Command("compare", """
            Run the search and its baselines with the same evaluator and budget over several seeds: random
            recipe search, random top-k (a random subset of the search's best size), the best single source,
            each single operator at its catalog defaults whose signals exist (BM25 and embedding relevance
            top-k, IFD, MONA, varentropy, quality, dedup), the full pool and the world's oracle;
            with --ablations also the search without GP ranking, without the state vector, without reseeding.
            Evaluations of the same subset and seed are shared between methods and cached in
            evaluations.jsonl, so a rerun resumes. Writes compare.json (per method: mean, std, per-seed
            results, best-so-far curves) and prints the table. With --worlds, the same on each world of a
            zoo, with each method's percentage of the oracle per world and over the zoo.

            Example:
              datasearch compare --config examples/search/search.yaml --seeds 3 -o runs/compare
              datasearch compare --config examples/search/search.yaml --seeds 3 --ablations -o runs/compare
              datasearch compare --config examples/search/search.yaml --seeds 3 --first-seed 101 --rescore -o runs/compare-fresh
              datasearch compare --config examples/search/search.yaml --seeds 3 -o runs/compare \
                  --methods best_single_source,full_pool,ablation:no_pool_probe
              datasearch compare --config examples/search/search.yaml --seeds 3 -o runs/zoo \
                  --worlds examples/worlds/no-clean-source.yaml,examples/worlds/skill-specialised.yaml
              datasearch compare --config variant.yaml --seeds 3 -o runs/compare-variant \
                  --reuse runs/compare --methods best_single_source
            """)
        {
            config, seeds, firstSeed, output, ablations, methods, rescore, worlds, worldSeed, reuse, extensions,
        };
        command.SetAction(parsed =>
        {
            var settings = SearchConfig.Read(parsed.GetRequiredValue(config));
            var count = parsed.GetValue(seeds);
            if (count is < 1 or > 20)
            {
                throw new UsageException("--seeds: expected 1 to 20");
            }

            var first = parsed.GetValue(firstSeed);
            if (first < 1)
            {
                throw new UsageException("--first-seed: expected 1 or more");
            }

            IReadOnlyList<ulong> seedList = [.. Enumerable.Range(0, count).Select(i => first + (ulong)i)];

            var folder = parsed.GetRequiredValue(output);
            var extensionSet = ExtensionOption.Load(environment, parsed, extensions);
            var worldFiles = (parsed.GetValue(worlds) ?? []).SelectMany(w => w.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var methodNames = Methods(parsed.GetValue(methods), extensionSet);
            if (worldFiles.Count > 0)
            {
                // The zoo reports every method as a share of each world's oracle, so the oracle always runs.
                methodNames?.Add("oracle");
            }

            var choice = new MethodChoice(parsed.GetValue(ablations), methodNames, parsed.GetValue(rescore) ? RescoreSeedOffset : null);
            var reuseFolders = parsed.GetValue(reuse) ?? [];
            if (reuseFolders.FirstOrDefault(r => !Directory.Exists(r)) is { } missing)
            {
                throw new UsageException($"--reuse {missing}: no such folder");
            }

            if (worldFiles.Count == 0 && parsed.GetValue(worldSeed) is not null)
            {
                throw new UsageException("--world-seed reseeds the worlds of --worlds; give those too");
            }

            if (worldFiles.Count == 0)
            {
                var results = CompareOne(environment, settings, extensionSet, folder, seedList, choice, [.. reuseFolders.Select(r => (r, Required: true))]);
                Render(environment, results, count, settings.MaxEvaluations);
                WriteHeadline(environment, results);
                environment.Output.WriteLine($"written: {new SearchRunFolder(folder).Comparison}");
                return ExitCodes.Success;
            }

            var zoo = ZooWorlds(settings, worldFiles, folder, parsed.GetValue(worldSeed));
            var path = Path.Combine(folder, "zoo.json");
            ZooSummaries? latest = null;
            // Seed-major: every world gets a seed before any world gets the next, so a zoo stopped part-way
            // holds whole passes over the zoo; each pass takes the seeds before it from the cache.
            for (var pass = 1; pass <= count; pass++)
            {
                IReadOnlyList<ulong> passSeeds = [.. seedList.Take(pass)];
                var done = new List<(string World, IReadOnlyList<MethodResult> Results)>();
                foreach (var (name, worldFolder) in zoo)
                {
                    environment.Error.WriteLine($"world {name} ({done.Count + 1} of {zoo.Count}), seed {passSeeds[^1]} ({pass} of {count}): {worldFolder}");
                    var onWorld = settings with { World = worldFolder, Pool = null, Targets = null, Benchmarks = null, Signals = null, Environment = null };
                    var results = CompareOne(environment, onWorld, extensionSet, Path.Combine(folder, name), passSeeds, choice, [.. reuseFolders.Select(r => (Path.Combine(r, name), Required: false))]);
                    if (pass == count)
                    {
                        Render(environment, results, count, settings.MaxEvaluations, name);
                    }

                    done.Add((name, results));
                    // zoo.json always holds every world reached with the same seeds: the first pass's worlds
                    // as they finish, later passes once they have been over every world.
                    if (pass == 1 || done.Count == zoo.Count)
                    {
                        latest = ZooSummaries.Of(done);
                        WriteZoo(path, latest, passSeeds, settings.MaxEvaluations, complete: pass == count && done.Count == zoo.Count);
                    }
                }
            }

            RenderZoo(environment, latest!, count, settings.MaxEvaluations);
            WriteHeadline(environment, latest!);

            environment.Output.WriteLine($"written: {path}");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(CompareMergeCommand.Create(environment));
        return command;
    }

    /// <summary>The fresh fine-tuning seed of <c>--rescore</c> is each seed plus this.</summary>
    private const ulong RescoreSeedOffset = 1000;

    /// <summary>What runs beside the search: the ablations, the methods of <c>--methods</c> (null: every baseline), the rescoring seed offset.</summary>
    private sealed record MethodChoice(bool Ablations, IReadOnlyCollection<string>? Methods, ulong? RescoreSeedOffset);

    /// <summary>The methods of <c>--methods</c> (null: every baseline), checked before anything runs.</summary>
    private static HashSet<string>? Methods(string[]? given, ExtensionSet extensionSet)
    {
        if (given is null or [])
        {
            return null;
        }

        var names = given.SelectMany(m => m.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
        var operators = extensionSet.Registry.All.Where(o => o.IsSingleOperatorBaseline).Select(o => o.Name).ToList();
        if (Comparison.UnknownMethods(names, operators) is [_, ..] unknown)
        {
            throw new UsageException($"--methods: unknown {string.Join(", ", unknown.Select(u => $"'{u}'"))}; expected {string.Join(", ", Comparison.BaselineNames)}, {string.Join(", ", operators.Select(o => $"single:{o}"))} or {string.Join(", ", Comparison.Ablations.Keys.Select(a => $"ablation:{a}"))} (the search always runs)");
        }

        return names;
    }

    /// <summary>
    /// One comparison in <paramref name="folder"/> (resumed when it holds one), taking evaluations from the
    /// comparisons in <paramref name="reuse"/> (one not <c>Required</c> is passed over when it does not exist).
    /// </summary>
    private static IReadOnlyList<MethodResult> CompareOne(CliEnvironment environment, SearchConfig settings, ExtensionSet extensionSet, string folder, IReadOnlyList<ulong> seeds, MethodChoice choice, IReadOnlyList<(string Folder, bool Required)> reuse)
    {
        // Another comparison's evaluations are checked before anything is written here.
        var fingerprint = SearchSetup.Fingerprint(settings);
        var (reusable, notes) = Reusable(reuse, fingerprint);
        var (log, file) = SearchRun.Begin(environment, settings, extensionSet, folder, startedMarker: "config.yaml", fingerprint);
        using var closeLog = file;
        foreach (var note in notes)
        {
            log(note);
        }

        var setup = SearchSetup.Create(environment.Host(), settings, extensionSet, folder);
        // The oracle row is a report of the world's hidden ground truth: read here, never by the search.
        var oracle = setup.WorldFolder is null ? null : Path.Combine(setup.WorldFolder, "subsets", "oracle.ids");
        var oracleIndices = File.Exists(oracle) ? Pool.SubsetFile.Read(oracle, setup.Context.Pool) : null;
        var comparison = new Comparison(settings, setup.Context, setup.Space, setup.Evaluator, folder, log) { RunAblations = choice.Ablations, Baselines = choice.Methods, RescoreSeedOffset = choice.RescoreSeedOffset, Screening = setup.Screening, Reuse = reusable };
        return ProgressDisplay.Run(environment, "compare", progress =>
            comparison.Run(seeds, oracleIndices, progress, environment.Cancellation));
    }

    /// <summary>
    /// The evaluation files of the <c>--reuse</c> comparisons whose fingerprints show evaluations made with
    /// <paramref name="current"/>'s data, model and evaluator; any other is refused, naming what differs.
    /// Also what to log once the log is open: the folders passed over (not required, and no comparison
    /// there), and those made with another build of the tool (named, not refused: most builds score alike).
    /// </summary>
    private static (List<string> Files, List<string> Notes) Reusable(IReadOnlyList<(string Folder, bool Required)> reuse, RunFingerprint current)
    {
        var files = new List<string>();
        var notes = new List<string>();
        foreach (var (folder, required) in reuse)
        {
            var evaluations = new SearchRunFolder(folder).EvaluationCache;
            var path = Path.Combine(folder, RunFingerprint.FileName);
            if (!File.Exists(evaluations) || !File.Exists(path))
            {
                if (required)
                {
                    throw new UsageException($"--reuse {folder}: not a comparison folder (expected {Path.GetFileName(evaluations)} and {RunFingerprint.FileName} in it)");
                }

                notes.Add($"reuse: nothing to reuse in {folder} (no comparison there)");
                continue;
            }

            var other = RunFingerprint.Read(path);
            if (other.EvaluationDifferences(current, SearchSetup.EvaluationSettings) is [_, ..] differences)
            {
                throw new UsageException($"--reuse {folder}: its evaluations were made with other data, model or evaluator settings ({string.Join("; ", differences)}); they cannot stand for this comparison's");
            }

            if (other.OtherBuilds(current) is [_, ..] builds)
            {
                notes.Add($"reuse: {folder}'s evaluations were made with build {string.Join(", ", builds)}, this is {RunFingerprint.CurrentBuild}; they stand as made (if training or scoring changed between the builds, retrain instead)");
            }
            else if (other.Builds.Count == 0)
            {
                notes.Add($"reuse: {folder} does not record the build its evaluations were made with; they stand as made");
            }

            files.Add(evaluations);
        }

        return (files, notes);
    }

    /// <summary>
    /// The zoo's worlds, each generated once into <c>OUTPUT/worlds/NAME</c> (all read and checked before
    /// any is generated; a folder made from other options is refused rather than mixed).
    /// </summary>
    private static List<(string Name, string Folder)> ZooWorlds(SearchConfig settings, IReadOnlyList<string> files, string output, ulong? seed)
    {
        if (settings.Environment is { Kind: not "world" } || settings.Pool is not null && settings.World is null)
        {
            throw new UsageException("--worlds compares on generated worlds: the config's environment must be a world (world: or environment: {kind: world}), not files");
        }

        var worlds = files.Select(f => (Name: Path.GetFileNameWithoutExtension(f), Options: WorldConfigFile.Read(f, seed))).ToList();
        if (worlds.GroupBy(w => w.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new UsageException($"--worlds: two world files are called {twice.Key}; rename one (its name names its folder)");
        }

        var folders = new List<(string Name, string Folder)>();
        foreach (var (name, options) in worlds)
        {
            var folder = Path.Combine(output, "worlds", name);
            // The manifest is written last, so a world stopped half-way is generated again.
            if (!File.Exists(Path.Combine(folder, WorldStore.ManifestFile)))
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                WorldStore.Save(WorldGenerator.Generate(options), folder, overwrite: false);
            }
            else if (JsonSerializer.Serialize(WorldStore.ReadManifest(folder).Options) != JsonSerializer.Serialize(options))
            {
                throw new UsageException($"{folder} holds world {name} made from other options than {files[folders.Count]} now gives; use a new output folder (or delete that world and its results)");
            }

            folders.Add((name, folder));
        }

        return folders;
    }

    /// <summary>
    /// Writes <c>zoo.json</c>: the worlds compared so far, with <c>complete</c> true once it holds every world
    /// with every seed asked for; a pooled summary (<c>compare merge</c>) adds its runs and what it left out.
    /// </summary>
    internal static void WriteZoo(string path, ZooSummaries summaries, IReadOnlyList<ulong> seeds, int budget, bool complete, ZooRuns? pooled = null)
    {
        var (summary, rescored, steadier) = summaries;
        var document = JsonSerializer.SerializeToNode(new
        {
            seeds,
            budget,
            complete,
            worlds = summary.Worlds,
            methods = summary.Methods.Select(m => new
            {
                method = m,
                zoo_mean_percent_of_oracle = Math.Round(summary.ZooMean(m), 2),
                zoo_seed_spread = seeds.Count < 2 ? (double?)null : Math.Round(summary.ZooSeedSpread(m), 2), // one seed has no spread to show
                per_world = PerWorld(summary, m),
                zoo_mean_percent_of_oracle_rescored = rescored?.Methods.Contains(m) == true ? Math.Round(rescored.ZooMean(m), 2) : (double?)null,
                per_world_rescored = rescored?.Methods.Contains(m) == true ? PerWorld(rescored, m) : null,
                zoo_mean_percent_of_both_oracle_trainings_rescored = steadier?.Methods.Contains(m) == true ? Math.Round(steadier.ZooMean(m), 2) : (double?)null,
                per_world_of_both_oracle_trainings_rescored = steadier?.Methods.Contains(m) == true ? PerWorld(steadier, m) : null,
            }),
        })!.AsObject();
        if (pooled is not null)
        {
            document["runs"] = JsonSerializer.SerializeToNode(pooled.Runs.Select(r => new { folder = r.Folder, seeds = r.Seeds, complete = r.Complete, builds = r.Builds, machines = r.Machines }));
            document["left_out"] = JsonSerializer.SerializeToNode(pooled.Left);
            document["setting_differences"] = JsonSerializer.SerializeToNode(pooled.SettingDifferences);
        }

        AtomicFile.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>Each world's percentages of the oracle for <paramref name="method"/>, seed by seed, rounded for zoo.json.</summary>
    private static Dictionary<string, List<double>> PerWorld(ZooSummary summary, string method) =>
        summary.Worlds.ToDictionary(w => w, w => summary.Cell(method, w)!.PercentPerSeed.Select(v => Math.Round(v, 2)).ToList());

    /// <summary>Every method as a percentage of the oracle, per world and over the zoo, best zoo mean first.</summary>
    internal static void RenderZoo(CliEnvironment environment, ZooSummaries summaries, int seeds, int budget)
    {
        var (summary, rescored, _) = summaries;
        var table = new Table().Border(TableBorder.Rounded).Title(seeds < 2 ? $"% of the oracle, one seed, budget {budget}" : $"% of the oracle, mean ± std over {seeds} seeds, budget {budget}")
            .AddColumns([new TableColumn("method"), .. summary.Worlds.Select(w => new TableColumn(Markup.Escape(w))), new TableColumn("zoo mean")]);
        if (rescored is not null)
        {
            table.AddColumn("zoo mean, fresh seed (rescored)");
        }

        foreach (var method in summary.Methods)
        {
            string[] cells = [
                Markup.Escape(method),
                .. summary.Worlds.Select(w => summary.Cell(method, w) is { } cell ? MeanAndSpread(cell.Mean, cell.StandardDeviation, seeds) : "–"),
                MeanAndSpread(summary.ZooMean(method), summary.ZooSeedSpread(method), seeds),
            ];
            table.AddRow(rescored is null ? cells : [.. cells, rescored.Methods.Contains(method) ? MeanAndSpread(rescored.ZooMean(method), rescored.ZooSeedSpread(method), seeds) : "–"]);
        }

        environment.Console.Write(table);
    }

    /// <summary>
    /// The search against the strongest baseline: zoo means, and their difference seed by seed — of the
    /// rescored scores when there are any (they carry no winner's curse), else as found; with rescored
    /// scores, also both against the mean of the oracle's two trainings (one training of it is noisy).
    /// </summary>
    internal static void WriteHeadline(CliEnvironment environment, ZooSummaries summaries)
    {
        var (summary, which) = summaries.Rescored is { } rescored ? (rescored, "rescored") : (summaries.Found, "as found");
        if (!summary.Methods.Contains("search") || summary.StrongestBaseline is not { } baseline)
        {
            return;
        }

        var differences = summary.ZooMeansPerSeed("search").Zip(summary.ZooMeansPerSeed(baseline), (a, b) => a - b).ToList();
        var invariant = CultureInfo.InvariantCulture;
        environment.Output.WriteLine(string.Create(invariant, $"search {summary.ZooMean("search"):0.0} % of the oracle ({which}), strongest baseline {baseline} {summary.ZooMean(baseline):0.0} %"));
        environment.Output.WriteLine($"search − {baseline}, zoo mean seed by seed: {SeedBySeed(differences, withSpread: false)}");
        if (summaries.AgainstBothOracleTrainings is { } steadier)
        {
            environment.Output.WriteLine(string.Create(invariant, $"against the mean of the oracle's two trainings (as found and rescored) on each world and seed: search {steadier.ZooMean("search"):0.0} %, {baseline} {steadier.ZooMean(baseline):0.0} %, the oracle rescored {steadier.ZooMean("oracle"):0.0} %"));
        }
    }

    /// <summary>
    /// The search against the strongest baseline of one comparison (<see cref="Comparison.IsBaseline"/>),
    /// seed by seed: re-trained scores when the search and every baseline were rescored, else as found.
    /// </summary>
    internal static void WriteHeadline(CliEnvironment environment, IReadOnlyList<MethodResult> results)
    {
        var compared = results.Where(r => r.Method == "search" || Comparison.IsBaseline(r.Method)).ToList();
        var rescored = compared.All(r => r.Rescored is not null);
        IReadOnlyList<double> Scores(MethodResult result) => rescored ? result.Rescored! : result.PerSeed;
        if (compared.FirstOrDefault(r => r.Method == "search") is not { } search
            || compared.Where(r => r != search).MaxBy(r => Scores(r).Average()) is not { } baseline)
        {
            return;
        }

        var differences = Scores(search).Zip(Scores(baseline), (a, b) => a - b).ToList();
        environment.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"search {Scores(search).Average():0.0} ({(rescored ? "rescored" : "as found")}), strongest baseline {baseline.Method} {Scores(baseline).Average():0.0}"));
        environment.Output.WriteLine($"search − {baseline.Method}, seed by seed: {SeedBySeed(differences, withSpread: true)}");
    }

    /// <summary>"+1.2 / −0.4 (mean +0.4)": signed differences seed by seed and their mean, with their spread when asked and there are two or more.</summary>
    private static string SeedBySeed(IReadOnlyList<double> differences, bool withSpread)
    {
        var invariant = CultureInfo.InvariantCulture;
        var spread = withSpread && differences.Count >= 2 ? string.Create(invariant, $" ± {differences.StandardDeviation():0.0}") : string.Empty;
        return string.Create(invariant, $"{string.Join(" / ", differences.Select(d => d.ToString("+0.0;−0.0;0.0", invariant)))} (mean {differences.Average():+0.0;−0.0;0.0}{spread})");
    }

    /// <summary>Prints the methods' results, best first.</summary>
    public static void Render(CliEnvironment environment, IReadOnlyList<MethodResult> results, int seeds, int budget, string? world = null)
    {
        var rescored = results.Any(r => r.Rescored is not null);
        var table = new Table().Border(TableBorder.Rounded).Title($"{(world is null ? string.Empty : $"{Markup.Escape(world)}: ")}in-distribution mean over {seeds} seed(s), budget {budget}")
            .AddColumns("method", seeds < 2 ? "score" : "mean ± std", "per seed");
        if (rescored)
        {
            table.AddColumn("fresh seed (rescored)");
        }

        foreach (var result in results.OrderByDescending(r => r.Mean))
        {
            string[] cells = [Markup.Escape(result.Method), MeanAndSpread(result.Mean, result.StandardDeviation, seeds), string.Join(" / ", result.PerSeed.Select(v => v.ToString("0.0", CultureInfo.InvariantCulture)))];
            table.AddRow(rescored ? [.. cells, result.RescoredMean?.ToString("0.0", CultureInfo.InvariantCulture) ?? "–"] : cells);
        }

        environment.Console.Write(table);
    }

    // One seed has no spread: "± 0.0" would read as a measured one.
    internal static string MeanAndSpread(double mean, double spread, int seeds) =>
        seeds < 2 ? mean.ToString("0.0", CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{mean:0.0} ± {spread:0.0}");
}
