using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.IO;

namespace DataSearch.Search;

/// <summary>
/// Settings of a search run (<c>search.yaml</c>, snake_case keys). Precedence: the file, then
/// environment variables with AutoSelection's names (<c>MAX_EVALUATIONS</c>, <c>N_LHS_SEEDS</c>,
/// <c>STAGNATION_PATIENCE</c>), then command-line flags.
/// </summary>
public sealed record SearchConfig
{
    /// <summary>
    /// Where the data comes from: <c>{kind: world, path: W}</c> or <c>{kind: files, pool: P, benchmarks:
    /// […], targets: T, corpus: C}</c>. When given, <see cref="World"/>, <see cref="Pool"/>,
    /// <see cref="Targets"/> and <see cref="Benchmarks"/> must not be (they are the short form of it).
    /// </summary>
    public EnvironmentSettings? Environment { get; init; }

    /// <summary>A world folder (pool, targets, benchmarks), or null when <see cref="Pool"/> is given.</summary>
    public string? World { get; init; }

    /// <summary>A pool folder (default: the world's).</summary>
    public string? Pool { get; init; }

    /// <summary>Target sets for relevance/MONA (default: the world's).</summary>
    public string? Targets { get; init; }

    /// <summary>Benchmark questions for decontamination (default: the world's).</summary>
    public string? Benchmarks { get; init; }

    /// <summary>Signal cache folder (default: POOL/signals).</summary>
    public string? Signals { get; init; }

    /// <summary>Multi-fidelity search: a cheap evaluator screens each round's shortlist; null: every candidate goes to the evaluator directly.</summary>
    public ScreeningSettings? Screening { get; init; }

    /// <summary>Also compute sentence-embedding signals (all-MiniLM-L6-v2: embed_relevance, embed_nearest, vectors for dedup); null or false: not.</summary>
    public bool? Embeddings { get; init; }

    /// <summary>Also compute the cross-fitted harm signals (crossfit_loss, crossfit_confidence, crossfit_variability: the scoring model fine-tuned on each half of the pool scores the other); null or false: not.</summary>
    public bool? Crossfit { get; init; }

    /// <summary>
    /// Compute the embedded scoring model's signals (loss, IFD, entropy, varentropy, SAE/MONA); null or true:
    /// yes. False skips them (and the scoring model's pre-training): on a real pool the byte-level model's
    /// columns say little, and text, relevance and embedding signals remain.
    /// </summary>
    public bool? ModelSignals { get; init; }

    /// <summary>Completed evaluations to spend (failures do not count).</summary>
    public int MaxEvaluations { get; init; } = 12;

    /// <summary>Latin-hypercube warm-up probes (part of the budget).</summary>
    public int NLhsSeeds { get; init; } = 4;

    /// <summary>
    /// Source screening before the hypercube: one warm-up probe per source, each source alone
    /// (<c>auto</c>: when the template mixes sources and there are at most half as many sources as
    /// evaluations, with a round left after the warm-up; <c>on</c>: whenever the template mixes sources;
    /// <c>off</c>: never). Screening probes are part of the budget, in addition to <see cref="NLhsSeeds"/>.
    /// </summary>
    public string SourceScreening { get; init; } = "auto";

    /// <summary>
    /// With source screening, one more warm-up probe: the whole pool (the mix at every source's own
    /// share), so that where every source alone is weak the search can start its edits from the pool
    /// rather than from the least bad source. Off by default: on fresh worlds it did no better than the
    /// round it costs (docs/search.md).
    /// </summary>
    public bool PoolProbe { get; init; }

    /// <summary>
    /// With source screening, the first round trains the mix of per-benchmark specialists
    /// (<see cref="Search.SpecialistMix"/>: each benchmark's best source alone, weighted by the benchmarks
    /// it wins) instead of the surrogate's choice, when that mix is not one source alone. On by default:
    /// +10 points on the development world where each source teaches only some skills, the same score
    /// where one source leads everywhere; on the six fresh worlds of seed 103 it changed no result (docs/search.md).
    /// </summary>
    public bool SpecialistMix { get; init; } = true;

    /// <summary>
    /// Filters tried on the best probe before the first round of edits: for each (in order), the best
    /// recipe so far with that operator appended at its defaults, when it can run on the pool and selects
    /// a subset not yet evaluated (a filter that drops nothing from the best costs no evaluation). The
    /// heuristic edits insert steps with random parameters and rarely try a harm filter where it matters
    /// (docs/search.md).
    /// </summary>
    public string[] FilterProbes { get; init; } = ["answer_agreement_filter"];

    /// <summary>Rounds without a new best before a reseed.</summary>
    public int StagnationPatience { get; init; } = 3;

    /// <summary>Candidates materialised and ranked per round.</summary>
    public int CandidatesPerRound { get; init; } = 100;

    /// <summary>Smallest subset worth training on, in samples.</summary>
    public int MinSubsetSamples { get; init; } = 200;

    /// <summary>Smallest subset worth training on, as a share of the pool (the larger of the two limits applies).</summary>
    public double MinSubsetFraction { get; init; } = 0.1;

    /// <summary>The fewest samples a subset of a pool of <paramref name="poolCount"/> must hold to be trained on (both limits).</summary>
    public double MinSubsetSize(int poolCount) => Math.Max(MinSubsetSamples, MinSubsetFraction * poolCount);

    /// <summary>Seeds proposals, warm-up and fine-tuning; the same seed reproduces the run.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>
    /// Extra fine-tuning seeds for every candidate after the warm-up that beats the best so far; its
    /// objective becomes the mean over all its seeds. Each extra seed is a full evaluation and counts
    /// against the budget. Guards against the winner's curse of noisy evaluations (0: off).
    /// </summary>
    public int ConfirmSeeds { get; init; }

    /// <summary>Embedded model profile: default, medium, quick or tiny.</summary>
    public string Model { get; init; } = "default";

    /// <summary>Rank candidates with the Gaussian process (false: take proposals in random order).</summary>
    public bool UseGp { get; init; } = true;

    /// <summary>
    /// How a round picks among the surrogate's predictions (<see cref="RoundRanking"/>):
    /// <c>expected_improvement</c> (the default) or <c>predicted_mean</c> (the highest predicted score,
    /// ignoring the uncertainty: exploitation only).
    /// </summary>
    public string RoundChoice { get; init; } = RoundRanking.ExpectedImprovement;

    /// <summary>Give the surrogate the realised subset's state vector as well as the recipe features.</summary>
    public bool UseStateVector { get; init; } = true;

    /// <summary>Reseed on stagnation.</summary>
    public bool Reseed { get; init; } = true;

    /// <summary>Evaluations in flight at once (warm-up probes together; each round's top candidates by expected improvement). Worth more than 1 with the command or Slurm backend.</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>Which backend trains and scores each subset: the embedded model (default) or your own commands.</summary>
    public EvaluatorSettings Evaluator { get; init; } = new();

    /// <summary>
    /// Operators of the warm-up recipe; the Latin hypercube varies their parameters. The default assumes
    /// nothing about which signal is informative: a mix over the pool's sources (each source's share, or
    /// its absence, is a hypercube dimension), then a ranking by any score signal, either direction.
    /// </summary>
    public string[] Template { get; init; } = ["source_mix", "top_k"];

    /// <summary>Reads a config file, applies the environment, and checks it.</summary>
    public static SearchConfig Read(string path, Func<string, string?>? environment = null)
    {
        var config = YamlConfig.Read<SearchConfig>(path, "search config");
        config = config.WithEnvironment(environment ?? System.Environment.GetEnvironmentVariable);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Resolve(string? p) => p is null ? null : Path.GetFullPath(Path.Combine(folder, p));
        config = config with
        {
            World = Resolve(config.World),
            Pool = Resolve(config.Pool),
            Targets = Resolve(config.Targets),
            Benchmarks = Resolve(config.Benchmarks),
            Signals = Resolve(config.Signals),
            Environment = config.Environment?.ResolvedAgainst(folder),

            // Commands run where the config is, so `python3 evaluate.py` finds the script beside it; the
            // run folder's copy keeps the absolute path, so a resumed run does too.
            Evaluator = config.Evaluator with
            {
                WorkingDirectory = Resolve(config.Evaluator.WorkingDirectory ?? "."),
                Llamafactory = config.Evaluator.Llamafactory with { TrainTemplate = Resolve(config.Evaluator.Llamafactory.TrainTemplate) },
            },
            Screening = config.Screening is { } screening
                ? screening with { Evaluator = screening.Evaluator with { WorkingDirectory = Resolve(screening.Evaluator.WorkingDirectory ?? ".") } }
                : null,
        };
        config.ThrowIfInvalid(path);
        return config;
    }

    /// <summary>Applies <c>MAX_EVALUATIONS</c>, <c>N_LHS_SEEDS</c> and <c>STAGNATION_PATIENCE</c> when set.</summary>
    public SearchConfig WithEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return this with
        {
            MaxEvaluations = YamlConfig.Int(environment, "MAX_EVALUATIONS") ?? MaxEvaluations,
            NLhsSeeds = YamlConfig.Int(environment, "N_LHS_SEEDS") ?? NLhsSeeds,
            StagnationPatience = YamlConfig.Int(environment, "STAGNATION_PATIENCE") ?? StagnationPatience,
        };
    }

    /// <summary>Throws when a setting is out of range, naming each field.</summary>
    public void ThrowIfInvalid(string what)
    {
        var problems = new List<string>();
        if (Environment is not null && (World ?? Pool ?? Targets ?? Benchmarks) is not null)
        {
            problems.Add("environment: given with world, pool, targets or benchmarks; put the data in the environment block only");
        }
        else if (World is null && Pool is null && Environment is null)
        {
            problems.Add("environment / world / pool: give one");
        }

        problems.AddRange(Environment?.Problems() ?? []);
        if (Crossfit == true && ModelSignals == false)
        {
            problems.Add("crossfit: the cross-fitted signals fine-tune the scoring model, which model_signals: false turns off");
        }

        if (MaxEvaluations < 1)
        {
            problems.Add("max_evaluations: must be ≥ 1");
        }

        if (NLhsSeeds < 1 || NLhsSeeds > MaxEvaluations)
        {
            problems.Add($"n_lhs_seeds: must be in [1, max_evaluations = {MaxEvaluations}]");
        }

        if (SourceScreening is not ("auto" or "on" or "off"))
        {
            problems.Add($"source_screening: expected auto, on or off, got '{SourceScreening}'");
        }

        if (!RoundRanking.Choices.Contains(RoundChoice))
        {
            problems.Add($"round_choice: expected {string.Join(" or ", RoundRanking.Choices)}, got '{RoundChoice}'");
        }

        if (ConfirmSeeds is < 0 or > 10)
        {
            problems.Add("confirm_seeds: must be in [0, 10]");
        }

        if (StagnationPatience < 1)
        {
            problems.Add("stagnation_patience: must be ≥ 1");
        }

        if (MinSubsetFraction is < 0 or >= 1)
        {
            problems.Add("min_subset_fraction: must be in [0, 1)");
        }

        if (Parallel is < 1 or > 64)
        {
            problems.Add("parallel: must be in [1, 64]");
        }

        if (CandidatesPerRound < 1)
        {
            problems.Add("candidates_per_round: must be ≥ 1");
        }

        if (Template.Length == 0)
        {
            problems.Add("template: needs at least one operator");
        }

        if (ModelProfiles.Problem("model", Model) is { } model)
        {
            problems.Add(model);
        }

        problems.AddRange(Evaluator.Problems());
        if (Screening is not null)
        {
            problems.AddRange(Screening.Problems());
        }

        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException(what, problems);
        }
    }

    /// <summary>The config as YAML (written to the run folder).</summary>
    public string ToYaml() => YamlConfig.Write(this);
}
