using System.CommandLine;
using System.Globalization;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Models.Setup;
using DataSearch.Search;
using DataSearch.Signals;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch signals compute|show</c>: per-sample signal columns, cached per pool.</summary>
internal static class SignalsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("signals", "Compute and inspect the per-sample signals that operators filter, rank and dedup by.");
        command.Subcommands.Add(Compute(environment));
        command.Subcommands.Add(Show(environment));
        command.Subcommands.Add(SignalsImportCommand.Create(environment));
        return command;
    }

    /// <summary>The options every command that reads a pool's signals shares.</summary>
    internal sealed record Location(Option<string?> World, Option<string?> Pool, Option<string?> Targets, Option<string?> Benchmarks, Option<string?> Signals, Option<string?> Environment)
    {
        public static Location Create() => new(
            new Option<string?>("--world", "-w") { Description = "A world folder: its pool, targets and benchmarks." },
            new Option<string?>("--pool", "-p") { Description = "A pool folder (default: the world's pool)." },
            new Option<string?>("--targets") { Description = "A folder of target sample sets (JSONL, one file per benchmark) for relevance and MONA (default: the world's targets)." },
            new Option<string?>("--benchmarks") { Description = "A folder of benchmark question files (JSONL) for decontamination (default: the world's benchmarks)." },
            new Option<string?>("--signals", "--signals-from") { Description = "The signal cache folder, e.g. another run's (default: POOL/signals)." },
            new Option<string?>("--environment", "--config") { Description = "A search config (search.yaml) whose environment: block (or world/pool keys) names the data: the same pool, targets, benchmarks and scoring-model text the search will use." });

        public IEnumerable<Option> All => [World, Pool, Targets, Benchmarks, Signals, Environment];

        /// <summary>Whether the command line names any data (a world, a pool or a config).</summary>
        public bool NamesData(ParseResult parsed) => parsed.GetValue(World) is not null || parsed.GetValue(Pool) is not null || parsed.GetValue(Environment) is not null;

        public SignalSetup Resolve(CliEnvironment environment, ParseResult parsed)
        {
            if (parsed.GetValue(Environment) is not { } path)
            {
                return SignalSetup.Resolve(environment.Error.WriteLine, parsed.GetValue(World), parsed.GetValue(Pool), parsed.GetValue(Targets), parsed.GetValue(Benchmarks), parsed.GetValue(Signals));
            }

            if (parsed.GetValue(World) is not null || parsed.GetValue(Pool) is not null || parsed.GetValue(Targets) is not null || parsed.GetValue(Benchmarks) is not null)
            {
                throw new UsageException("--environment names the data; leave out --world, --pool, --targets and --benchmarks (or the config)");
            }

            var config = SearchConfig.Read(path);
            return SignalSetup.Resolve(environment.Error.WriteLine, config.World, config.Pool, config.Targets, config.Benchmarks, parsed.GetValue(Signals) ?? config.Signals, config.Environment);
        }
    }

    private static Command Compute(CliEnvironment environment)
    {
        var location = Location.Create();
        var noModel = new Option<bool>("--no-model") { Description = "Skip the model-side signals (loss, IFD, varentropy, SAE/MONA)." };
        var model = new Option<string>("--model") { Description = "Scoring model profile: default, medium, quick or tiny.", DefaultValueFactory = _ => "default", Hidden = true };
        var force = new Option<bool>("--force") { Description = "Recompute even what the cache holds." };
        var crossFit = new Option<bool>("--crossfit") { Description = "Also compute the cross-fitted harm signals: the scoring model fine-tuned on each half of the pool scores the other half, in three rounds (crossfit_loss, crossfit_confidence, crossfit_variability; about two fine-tunings' time)." };
        var embeddings = new Option<bool>("--embeddings") { Description = "Also compute sentence embeddings (all-MiniLM-L6-v2 on the CPU: about 50 real samples/s on 2 cores, 23 minutes for 67,658): embed_relevance and embed_nearest per target set, vectors for cosine dedup and SemDeDup." };
        var scoringCommand = new Option<string?>("--command") { Description = "Instead of the built-in providers, run your scoring script: {pool_file} is the pool as canonical JSONL, {scores} the JSONL it writes ({\"sample_id\": …, \"score\": …}); needs --name." };
        var scoringName = new Option<string?>("--name") { Description = "With --command: the signal's name (as in `signals import`)." };
        var timeout = new Option<double>("--timeout-minutes") { Description = "With --command: its time limit.", DefaultValueFactory = _ => 720 };
        var slurm = new Option<bool>("--slurm") { Description = "With --command: run it as a Slurm batch job (the evaluator's slurm: block of --config when it has one: partition, GPUs, …); a rerun re-attaches to a job still in flight." };
        var extensions = ExtensionOption.Create();
        var command = new Command("compute", """
            Compute every signal for a pool and cache it in POOL/signals (keyed by pool hash, provider
            version and settings; reused when nothing changed): lengths, turns, quality heuristics, n-gram
            entropy, verb–object structure, exact and MinHash near-duplicate clusters, BM25 relevance to
            each target set (Lucene.Net), and with the embedded model loss, perplexity, IFD, entropy,
            varentropy, and SAE/MONA similarity to each target set.

            Examples:
              datasearch signals compute --world runs/world
              datasearch signals compute --pool pool --targets ../shared/data/autoselection-eval/target_vector_samples --no-model
              datasearch signals compute --pool pool --command "python3 reward.py {pool_file} {scores}" --name reward
              datasearch signals compute --config search.yaml --command "python3 reward.py {pool_file} {scores}" --name reward --slurm
            """);
        foreach (var option in location.All)
        {
            command.Options.Add(option);
        }

        command.Options.Add(noModel);
        command.Options.Add(model);
        command.Options.Add(force);
        command.Options.Add(embeddings);
        command.Options.Add(crossFit);
        command.Options.Add(scoringCommand);
        command.Options.Add(scoringName);
        command.Options.Add(timeout);
        command.Options.Add(slurm);
        command.Options.Add(extensions);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(scoringCommand) is { } script)
            {
                var name = parsed.GetValue(scoringName) ?? throw new UsageException("--command needs --name: the name of the signal it computes");
                if (SignalImport.NameProblem(name) is { } problem)
                {
                    throw new UsageException(problem);
                }

                if (parsed.GetValue(timeout) <= 0)
                {
                    throw new UsageException("--timeout-minutes: must be > 0");
                }

                var scoring = location.Resolve(environment, parsed);
                var work = Path.Combine(scoring.SignalFolder, $"command-{name}");
                var slurmSettings = !parsed.GetValue(slurm) ? null
                    : parsed.GetValue(location.Environment) is { } config && SearchConfig.Read(config).Evaluator is { Kind: "slurm" } evaluator ? evaluator.Slurm : new Evaluation.SlurmSettings();
                environment.Error.WriteLine(slurmSettings is null
                    ? $"running the scoring command in {work} (logs: command.out, command.err)"
                    : $"running the scoring command as a Slurm job from {work} (logs: slurm-JOBID.out, slurm-JOBID.err)");
                var result = Evaluation.ScoringCommand.Run(scoring.Pool, script, name, work, Directory.GetCurrentDirectory(), TimeSpan.FromMinutes(parsed.GetValue(timeout)),
                    cancellation: environment.Cancellation, slurm: slurmSettings, log: environment.Error.WriteLine);
                SignalsImportCommand.Save(environment, scoring, result, name);
                return ExitCodes.Success;
            }

            if (parsed.GetValue(slurm))
            {
                throw new UsageException("--slurm runs a scoring --command as a Slurm job; the built-in providers run here");
            }

            var setup = location.Resolve(environment, parsed);
            var features = ExtensionOption.Load(environment, parsed, extensions).Features;
            var providers = setup.Providers(environment.Host(), !parsed.GetValue(noModel), parsed.GetRequiredValue(model), features, parsed.GetValue(embeddings), parsed.GetValue(crossFit));
            var store = new SignalStore(setup.SignalFolder);
            var (signals, outcomes) = ProgressDisplay.Run(environment, "signals", progress =>
                store.Compute(setup.Input, providers, parsed.GetValue(force), progress, environment.Cancellation));
            var table = new Table().Border(TableBorder.Rounded).Title($"signals of {Markup.Escape(setup.PoolFolder)} ({setup.Pool.Count:N0} samples)")
                .AddColumns("provider", "status", "seconds", "columns");
            foreach (var outcome in outcomes)
            {
                table.AddRow(outcome.Provider, outcome.Reused ? "cached" : "computed", outcome.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(Summary(outcome.Columns)));
            }

            environment.Console.Write(table);
            environment.Output.WriteLine($"{signals.Names.Count()} columns in {setup.SignalFolder}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Summary(IReadOnlyList<string> columns)
    {
        var text = string.Join(", ", columns);
        return text.Length <= 72 ? text : $"{columns.Count} columns: {text[..60]}…";
    }

    /// <summary>
    /// Per pool sample, whether the world's ground truth puts it in the oracle, and for the on-target
    /// samples with a whole answer (clean or wrong) whether the answer is right (null for the rest);
    /// null without a world or its ground truth.
    /// </summary>
    private static (bool[] Oracle, bool?[] RightAnswer)? GroundTruthLabels(SignalSetup setup)
    {
        if (setup.WorldFolder is not { } world || !File.Exists(Path.Combine(world, World.WorldStore.GroundTruthFile)))
        {
            return null;
        }

        var oracle = new bool[setup.Pool.Count];
        var right = new bool?[setup.Pool.Count];
        foreach (var truth in World.WorldStore.ReadGroundTruth(world))
        {
            if (setup.Pool.TryGetIndex(truth.SampleId, out var index))
            {
                oracle[index] = truth.InOracle;
                right[index] = truth.Pathology switch
                {
                    World.Pathology.Clean => true,
                    World.Pathology.WrongAnswer => false,
                    _ => null,
                };
            }
        }

        return (oracle, right);
    }

    /// <summary>The AUC of <paramref name="scores"/> for a right answer, over the samples whose answer is known right or wrong.</summary>
    private static double RightAnswerAuc(float[] scores, bool?[] right)
    {
        var known = Enumerable.Range(0, scores.Length).Where(i => right[i] is not null).ToList();
        return Signals.Separation.Auc([.. known.Select(i => scores[i])], [.. known.Select(i => right[i] == true)]);
    }

    private static Command Show(CliEnvironment environment)
    {
        var location = Location.Create();
        var command = new Command("show", """
            List the cached signal columns of a pool with their coverage and quartiles. On a world
            folder, also how well each score tells the oracle's clean, on-target samples from the rest,
            and right answers from wrong ones (AUC, from the world's hidden ground truth; searches never
            read it).

            Example:
              datasearch signals show --world runs/world
            """);
        foreach (var option in location.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var setup = location.Resolve(environment, parsed);
            var signals = setup.LoadSignals(environment.Error.WriteLine);
            if (!signals.Names.Any())
            {
                environment.Error.WriteLine($"no signals cached in {setup.SignalFolder}; run `datasearch signals compute`");
                return ExitCodes.Failure;
            }

            var all = Recipes.Selection.All(setup.Pool.Count);
            var labels = GroundTruthLabels(setup);
            var oracle = labels?.Oracle;
            var table = new Table().Border(TableBorder.Rounded).AddColumns("signal", "provider", "kind", "scored", "p25", "median", "p75");
            if (oracle is not null)
            {
                table.AddColumn("AUC oracle");
                table.AddColumn("AUC right answer");
            }

            var versions = signals.Versions();
            foreach (var name in signals.Names.Order(StringComparer.Ordinal))
            {
                if (signals.Contains(name) && versions.TryGetValue(name, out var version) && signals.Blocks.Values.Any(b => b.Columns.Any(c => c.Name == name && c.IsCluster)))
                {
                    var clusters = signals.Clusters(name);
                    table.AddRow([Markup.Escape(name), version, "clusters", $"{clusters.Distinct().Count():N0} clusters", "", "", "", .. oracle is null ? Array.Empty<string>() : ["", ""]]);
                    continue;
                }

                var scores = signals.Scores(name);
                string Q(double q) => Recipes.Operators.Ranking.Quantile(all, scores, q).ToString("0.###", CultureInfo.InvariantCulture);
                string[] auc = labels is not { } known ? [] :
                [
                    Signals.Separation.Auc(scores, known.Oracle).ToString("0.00", CultureInfo.InvariantCulture),
                    RightAnswerAuc(scores, known.RightAnswer).ToString("0.00", CultureInfo.InvariantCulture),
                ];
                table.AddRow([Markup.Escape(name), versions[name], "score", $"{Recipes.Operators.Ranking.Scored(all, scores):N0}", Q(0.25), Q(0.5), Q(0.75), .. auc]);
            }

            environment.Console.Write(table);
            if (oracle is not null)
            {
                environment.Console.WriteLine($"AUC oracle: the chance that one of the {oracle.Count(o => o):N0} oracle samples scores above one of the other {oracle.Count(o => !o):N0}; 0.5 = no information, below 0.5 = lower scores are cleaner.");
                var right = labels!.Value.RightAnswer;
                environment.Console.WriteLine($"AUC right answer: the chance that one of the {right.Count(r => r == true):N0} on-target samples with a right answer scores above one of the {right.Count(r => r == false):N0} with a wrong one; the same reading.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
