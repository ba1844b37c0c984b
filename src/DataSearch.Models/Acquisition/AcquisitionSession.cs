using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using DataSearch.Acquisition.Policies;
using DataSearch.Agents;
using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Randomness;
using DataSearch.Retrieval;
using DataSearch.Signals;
using DataSearch.Teachers;
using DataSearch.Text;

namespace DataSearch.Models.Acquisition;

/// <summary>
/// Everything an acquisition run needs, built from its config and its environment
/// (<see cref="IDataEnvironment"/>: the built-in world or a user's files): the tasks, the knowledge
/// corpus and its reader, the teacher, the API cache (<c>RUN/caches/api_cache.sqlite</c>), the
/// decontamination index over every benchmark and task question, the cached base model (pre-trained on
/// the environment's own text) and the base policy (<c>RUN/checkpoints/base_policy.pt</c>, built once,
/// from samples drawn from the pool without any ground truth), and the loop.
/// </summary>
public sealed class AcquisitionSession : IDisposable
{
    private readonly KnowledgeCorpus corpus;
    private readonly ApiCache cache;
    private readonly string runFolder;
    private readonly string modelCacheFolder;

    private AcquisitionSession(AcquisitionConfig config, IDataEnvironment environment, TaskSplit split, KnowledgeCorpus corpus, ApiCache cache, IPolicy basePolicy, AcquisitionLoop loop, string runFolder, string modelCacheFolder)
    {
        this.runFolder = runFolder;
        this.modelCacheFolder = modelCacheFolder;
        Config = config;
        Environment = environment;
        Split = split;
        this.corpus = corpus;
        this.cache = cache;
        BasePolicy = basePolicy;
        Loop = loop;
    }

    public AcquisitionConfig Config { get; }

    /// <summary>Where the run's data comes from.</summary>
    public IDataEnvironment Environment { get; }

    /// <summary>Every task, training and held-out.</summary>
    public IReadOnlyList<AcquisitionTask> Tasks => Split.All;

    /// <summary>Which tasks the optimizer learns on and which it never sees.</summary>
    public TaskSplit Split { get; }

    public IPolicy BasePolicy { get; }

    public AcquisitionLoop Loop { get; }

    /// <summary>Builds the session for <paramref name="runFolder"/>; slow parts (pre-training, the base policy) report progress.</summary>
    /// <remarks>
    /// <paramref name="environment"/> supplies the data (the caller builds it from the config's
    /// <c>environment</c>, <c>world</c> or built-in world settings); <paramref name="chat"/> is the endpoint
    /// <c>teacher: llm</c> needs (null when none is configured).
    /// </remarks>
    public static AcquisitionSession Open(AcquisitionConfig config, IDataEnvironment environment, string runFolder, Action<string> log, IProgress<ProgressReport>? progress, CancellationToken cancellation, string? modelCacheFolder = null, ChatClient? chat = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(log);
        var options = EmbeddedModelOptions.Profile(config.Model) ?? throw new UsageException($"model: unknown profile '{config.Model}'");
        var tasks = config.TasksPool is { } taskPool
            ? PoolTasks.Build(PoolStore.Open(taskPool).Pool, config.TasksGroupBy, config.Seed)
            : environment.Tasks(config.Seed);
        var split = TaskSplit.Of(tasks, config.HeldOutOf(tasks.Count), config.Seed);
        var corpus = config.Corpus is { } path
            ? KnowledgeCorpus.FromJsonl(path, config.CorpusTextField, config.CorpusTitleField)
            : environment.OpenCorpus();
        if (corpus.Passages.Count == 0)
        {
            log($"warning: the corpus {corpus.Name} is empty; every retrieve call will return nothing");
        }

        ITeacher teacher = config.Teacher switch
        {
            "world" => environment.BuiltInTeacher(config.TeacherNoise) ?? throw new UsageException($"teacher: world — the {environment.Kind} environment has no built-in teacher; use teacher: llm or teacher: command"),
            "command" => new CommandTeacher(config.TeacherCommand!, config.TeacherDirectory ?? Directory.GetCurrentDirectory(), TimeSpan.FromSeconds(config.TeacherTimeoutSeconds)),
            _ => new LlmTeacher(chat ?? throw new UsageException(NoEndpoint("teacher: llm"))),
        };
        var cache = ApiCache.Open(new AcquisitionRunFolder(runFolder).ApiCache);
        var apis = new AcquisitionApis(corpus, teacher, config.Costs, config.Limits, cache);
        var contamination = ContaminationIndex.Build(Benchmarks(environment.Benchmarks(), tasks), n: 13, minimum: 8);
        var executor = new TrajectoryExecutor(apis, contamination, config.Seed);

        var basePolicyPath = new AcquisitionRunFolder(runFolder).BasePolicy;
        var (trainer, basePolicy) = config.Policy.Kind == PolicySettings.Embedded
            ? EmbeddedPolicy(config, environment, options, basePolicyPath, log, progress, cancellation, modelCacheFolder)
            : CommandPolicy(config, environment, runFolder, basePolicyPath, chat, log, cancellation);
        var loop = new AcquisitionLoop(config, split, apis, executor, trainer, basePolicy, runFolder, log);
        return new AcquisitionSession(config, environment, split, corpus, cache, basePolicy, loop, runFolder, modelCacheFolder ?? BaseModelCache.DefaultFolder());
    }

    // The embedded policy: the base model pre-trained on the environment's text (cached), fine-tuned on
    // samples drawn from the pool; a resumed run needs neither.
    private static (IPolicyBackend Trainer, IPolicy BasePolicy) EmbeddedPolicy(AcquisitionConfig config, IDataEnvironment environment, EmbeddedModelOptions options, string basePolicyPath, Action<string> log, IProgress<ProgressReport>? progress, CancellationToken cancellation, string? modelCacheFolder)
    {
        LanguageModel.UseThreads(options.Threads);
        var seedExamples = SeedExamples(environment.Pool(), config.Policy.SeedSamples, config.Seed);
        var trainer = new PolicyTrainer(config.Policy, seedExamples);
        var basePolicy = LoadOrBuild(basePolicyPath, "base policy", log, () =>
        {
            var (baseModel, modelPath, built) = BaseModelCache.GetOrBuild(
                environment.PretrainingText(), options.Model, options.Pretraining, modelCacheFolder ?? BaseModelCache.DefaultFolder(), progress, cancellation);
            log($"base model {(built ? "pre-trained and cached" : "loaded from cache")}: {modelPath}");
            baseModel.Train(seedExamples, trainer.Options(config.Policy.SeedSteps, config.Seed) with { LearningRate = options.FineTuning.LearningRate }, progress, cancellation, stage: "base policy");
            log($"base policy: the base model fine-tuned {config.Policy.SeedSteps} steps on {seedExamples.Count} samples drawn at random from the pool (kept in {basePolicyPath})");
            return baseModel;
        });
        return (trainer, new EmbeddedPolicy(basePolicy));
    }

    // A policy of the user's own trainer: base_model fine-tuned by the train command on samples drawn from
    // the pool, kept under RUN/policies; a resumed run loads it.
    private static (IPolicyBackend Trainer, IPolicy BasePolicy) CommandPolicy(AcquisitionConfig config, IDataEnvironment environment, string runFolder, string basePolicyPath, ChatClient? chat, Action<string> log, CancellationToken cancellation)
    {
        var pool = environment.Pool();
        var pairs = SeedIndices(pool, config.Policy.SeedSamples, config.Seed).Select(i => EmbeddedEvaluator.PromptAndResponse(pool, i)).ToList();
        var backend = new CommandPolicyBackend(config.Policy, new AcquisitionRunFolder(runFolder).Policies, pairs, chat, log);
        if (File.Exists(basePolicyPath + ".json"))
        {
            log($"base policy loaded: {basePolicyPath}");
            return (backend, backend.Load(basePolicyPath));
        }

        using var untrained = backend.Base();
        var basePolicy = backend.Train(untrained, pairs, config.Policy.SeedSteps, config.Seed, cancellation);
        basePolicy.Save(basePolicyPath);
        log($"base policy: {config.Policy.BaseModel ?? "the base model"} fine-tuned by policy.train_command, {config.Policy.SeedSteps} steps on {pairs.Count} samples drawn at random from the pool (kept in {basePolicyPath})");
        return (backend, basePolicy);
    }

    /// <summary>
    /// Measures in-context use of <paramref name="acquired"/> (the final evaluation's data) and writes
    /// <c>results/in_context_results.json</c>. The reader is built once per run and kept in
    /// <c>checkpoints/reader.pt</c>, so a re-evaluation reuses it.
    /// </summary>
    public InContextResults InContext(AcquisitionEvaluation evaluation, IReadOnlyList<AcquiredSample> acquired, Action<string> log, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (Config.Policy.Kind != PolicySettings.Embedded)
        {
            // A served policy reads the examples itself: no reader model to build.
            var served = InContextEvaluation.Run(BasePolicy, Tasks, evaluation, acquired, Config.InContext, progress, cancellation);
            AcquisitionLoop.WriteJson(new AcquisitionRunFolder(runFolder).InContextResults, served);
            log($"in-context use (the base policy reading the acquired samples in its prompt): avg {served.Metrics.AverageInContextScore:0.0} vs {served.Metrics.AverageNoContextScore:0.0} without (gain {served.Metrics.InContextGain:+0.0;-0.0}); fine-tuning gained {served.Metrics.FineTuningGain:+0.0;-0.0}");
            return served;
        }

        var options = EmbeddedModelOptions.Profile(Config.Model)!;
        var reader = LoadOrBuild(new AcquisitionRunFolder(runFolder).Reader, "reader", log,
            () => InContextReader.Build(Environment, Config.InContext, options, Config.Seed, modelCacheFolder, log, progress, cancellation));
        using (reader)
        {
            var results = InContextEvaluation.Run(reader, Tasks, evaluation, acquired, Config.InContext, progress, cancellation);
            AcquisitionLoop.WriteJson(new AcquisitionRunFolder(runFolder).InContextResults, results);
            var m = results.Metrics;
            log($"in-context use: avg {m.AverageInContextScore:0.0} with the acquired data before each question vs {m.AverageNoContextScore:0.0} without (win {m.WinRate:P0} / tie {m.TieRate:P0} / loss {m.LossRate:P0}, gain {m.InContextGain:+0.0;-0.0}); fine-tuning gained {m.FineTuningGain:+0.0;-0.0}");
            return results;
        }
    }

    /// <summary>The model saved at <paramref name="path"/>, or the one <paramref name="build"/> makes, saved there.</summary>
    private static LanguageModel LoadOrBuild(string path, string what, Action<string> log, Func<LanguageModel> build)
    {
        if (File.Exists(path + ".json"))
        {
            log($"{what} loaded: {path}");
            return LanguageModel.Load(path);
        }

        var model = build();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        model.Save(path);
        return model;
    }

    /// <summary>The optimizer a config names (the LLM one needs <paramref name="chat"/>, an endpoint).</summary>
    public static ITrajectoryOptimizer Optimizer(string kind, ChatClient? chat = null, Action<string>? log = null, ulong seed = 1) => kind switch
    {
        "heuristic" => new HeuristicOptimizer(),
        "embedded" => new EmbeddedOptimizer(seed),
        "llm" => new LlmOptimizer(chat ?? throw new UsageException(NoEndpoint("optimizer: llm")), log ?? (_ => { })),
        "random" => new RandomOptimizer(),
        "random_plan" => new RandomPlanOptimizer(),
        "call_everything" => FixedOptimizer.CallEverything,
        "retrieval_only" => FixedOptimizer.RetrievalOnly,
        "demonstrations_only" => FixedOptimizer.DemonstrationsOnly,
        "no_data" => FixedOptimizer.NoData,
        _ => throw new UsageException($"optimizer: '{kind}' is not available here; use one of {string.Join(", ", AcquisitionConfig.OptimizerKinds)}"),
    };

    private static string NoEndpoint(string what) =>
        $"{what} needs an OpenAI-compatible endpoint: set OPENAI_BASE_URL and LLM_MODEL (and OPENAI_API_KEY if it wants one)";

    /// <summary>The baselines <c>--baselines</c> runs, in report order.</summary>
    public static IReadOnlyList<string> BaselineKinds { get; } = ["no_data", "random", "random_plan", "call_everything", "retrieval_only", "demonstrations_only", FixedPlanOptimizer.Kind];

    /// <summary>Every benchmark question of the environment and every dev/test question of the tasks: what acquired data must not contain.</summary>
    public static IReadOnlyList<TargetSet> Benchmarks(IReadOnlyList<Benchmark> benchmarks, IReadOnlyList<AcquisitionTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        ArgumentNullException.ThrowIfNull(tasks);
        return
        [
            .. benchmarks.Select(b => b.Questions()),
            .. tasks.Select(t => new TargetSet($"task:{t.Id}", [.. t.Dev.Concat(t.Test).Select(i => i.Prompt)])),
        ];
    }

    /// <summary>
    /// The base policy's seed set: <paramref name="count"/> samples drawn at random from the pool. No
    /// ground truth picks them (the world's oracle subset is out of reach here), so on the built-in world
    /// they carry the pool's share of wrong and off-target samples.
    /// </summary>
    public static List<TokenizedExample> SeedExamples(SamplePool pool, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return [.. SeedIndices(pool, count, seed).Select(i => EmbeddedEvaluator.ExampleOf(pool, i))];
    }

    // The pool samples of the base policy's seed set, whatever trains it: the same draw for every backend.
    private static IEnumerable<int> SeedIndices(SamplePool pool, int count, ulong seed)
    {
        var order = Enumerable.Range(0, pool.Count).ToList();
        new DeterministicRandom(seed ^ 0x5EED5UL).Shuffle(order);
        return order.Take(count);
    }

    public void Dispose()
    {
        BasePolicy.Dispose();
        cache.Dispose();
        corpus.Dispose();
    }
}
