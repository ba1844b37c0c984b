using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.IO;

namespace DataSearch.Acquisition;

/// <summary>How the policy model is made and updated: the embedded trainer, or the user's commands.</summary>
public sealed record PolicySettings
{
    /// <summary>The built-in TorchSharp policy (the default).</summary>
    public const string Embedded = "embedded";

    /// <summary>Trained by <see cref="TrainCommand"/>, answering by <see cref="AnswerCommand"/>.</summary>
    public const string Command = "command";

    /// <summary>Trained by <see cref="TrainCommand"/>, answering through the OpenAI-compatible endpoint.</summary>
    public const string Endpoint = "endpoint";

    /// <summary><c>embedded</c>, <c>command</c> or <c>endpoint</c>.</summary>
    public string Kind { get; init; } = Embedded;

    /// <summary>What the first training starts from (<c>{from_model}</c>), e.g. a Hugging Face model id; command and endpoint kinds.</summary>
    public string? BaseModel { get; init; }

    /// <summary>Trains one policy (<c>/bin/sh -c</c>; placeholders in <see cref="Policies.CommandPolicyBackend.TrainPlaceholders"/>).</summary>
    public string? TrainCommand { get; init; }

    /// <summary>Answers questions with one policy (kind <c>command</c>; placeholders in <see cref="Policies.CommandPolicyBackend.AnswerPlaceholders"/>).</summary>
    public string? AnswerCommand { get; init; }

    /// <summary>Run after each training, e.g. to load the new adapter into the server (kind <c>endpoint</c>; optional).</summary>
    public string? ServeCommand { get; init; }

    /// <summary>The model name the endpoint is asked for; <c>{model_id}</c> by default (the base policy's id is <c>base</c>).</summary>
    public string? EndpointModel { get; init; }

    /// <summary>Tokens an endpoint answer may take.</summary>
    public int MaxAnswerTokens { get; init; } = 64;

    /// <summary>Minutes one training, serving or answering command may run.</summary>
    public double TimeoutMinutes { get; init; } = 120;

    /// <summary>Where the commands run: the config file's folder (set when the file is read).</summary>
    public string? CommandDirectory { get; init; }

    /// <summary>Clean world samples the base policy is fine-tuned on (it learns the question format and a little of each skill).</summary>
    public int SeedSamples { get; init; } = 600;

    /// <summary>Steps of that fine-tune.</summary>
    public int SeedSteps { get; init; } = 300;

    /// <summary>Steps of each per-trajectory update (from the iteration's policy), which rewards are measured after.</summary>
    public int UpdateSteps { get; init; } = 120;

    /// <summary>Steps of the policy update at the end of each iteration, on the best data of every task.</summary>
    public int PolicySteps { get; init; } = 400;

    /// <summary>Rows per training step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>AdamW learning rate of updates.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Share of each update's examples drawn from the seed samples, so updates do not forget the format.</summary>
    public double ReplayFraction { get; init; } = 0.25;

    /// <summary>Drop an iteration's policy update that lowers the mean dev score over all tasks (keep the policy it started from).</summary>
    public bool RejectWorseUpdates { get; init; } = true;

    /// <summary>
    /// Train each iteration's policy update on the best data of every earlier iteration too, against
    /// forgetting; the update's steps grow in proportion (at most three times <see cref="PolicySteps"/>).
    /// </summary>
    public bool ReplayEarlierIterations { get; init; } = true;
}

/// <summary>
/// Settings of an acquisition run (<c>ads.yaml</c>, snake_case keys; then <c>ADS_ITERATIONS</c> and
/// <c>ADS_LAMBDA</c> from the environment; then command-line flags).
/// </summary>
public sealed record AcquisitionConfig
{
    /// <summary>
    /// The environment (<c>kind: world</c> with a folder, or <c>kind: files</c> with a pool, benchmarks, a
    /// corpus and a tasks pool); when given, <see cref="World"/>, <see cref="Corpus"/> and
    /// <see cref="TasksPool"/> must not be.
    /// </summary>
    public EnvironmentSettings? Environment { get; init; }

    /// <summary>A world folder; null generates the built-in world from <see cref="WorldSeed"/> in memory.</summary>
    public string? World { get; init; }

    /// <summary>Seed of the built-in world when <see cref="World"/> is not given.</summary>
    public ulong WorldSeed { get; init; } = 1;

    /// <summary>Size of that world: <c>default</c> or <c>small</c>.</summary>
    public string WorldSize { get; init; } = "default";

    /// <summary>A JSONL corpus for <c>retrieve</c>; null uses the world's encyclopedia.</summary>
    public string? Corpus { get; init; }

    /// <summary>The text field of corpus lines.</summary>
    public string CorpusTextField { get; init; } = "text";

    /// <summary>The title field of corpus lines.</summary>
    public string CorpusTitleField { get; init; } = "title";

    /// <summary>A canonical pool folder whose tag (or source) groups become the tasks; null uses the world's tasks.</summary>
    public string? TasksPool { get; init; }

    /// <summary>How <see cref="TasksPool"/>'s samples are grouped into tasks: <c>tag</c> or <c>source</c>.</summary>
    public string TasksGroupBy { get; init; } = "tag";

    /// <summary>Seeds everything; the same seed reproduces the run.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Embedded model profile: default, medium, quick or tiny.</summary>
    public string Model { get; init; } = "default";

    /// <summary>Loop iterations.</summary>
    public int Iterations { get; init; } = 3;

    /// <summary>Tasks sampled per iteration.</summary>
    public int TasksPerIteration { get; init; } = 8;

    /// <summary>
    /// Tasks the optimizer never sees, drawn from every kind in proportion (<see cref="TaskSplit"/>): the
    /// headline figures are on them, the training tasks' figures beside them. Null (the default) holds out
    /// a third of the tasks, rounded down; 0 evaluates on the training tasks only (their test questions are
    /// still held out).
    /// </summary>
    public int? HeldOutTasks { get; init; }

    /// <summary>The number of tasks held out of <paramref name="tasks"/>: <see cref="HeldOutTasks"/>, or a third.</summary>
    public int HeldOutOf(int tasks) => HeldOutTasks ?? (tasks / 3);

    /// <summary>Trajectories tried per task per iteration.</summary>
    public int TrajectoriesPerTask { get; init; } = 4;

    /// <summary>Reward = gain (points) − λ · cost (units).</summary>
    public double Lambda { get; init; } = 0.5;

    /// <summary>heuristic, embedded, llm, random, random_plan, call_everything, retrieval_only, demonstrations_only or no_data.</summary>
    public string Optimizer { get; init; } = "heuristic";

    /// <summary>
    /// The built-in teacher's error rate: each answer is wrong with this probability. 10 % by default,
    /// as a fallible teacher is (a teacher that never errs would flatter the data it writes).
    /// </summary>
    public double TeacherNoise { get; init; } = DefaultTeacherNoise;

    /// <summary>The default of <see cref="TeacherNoise"/>.</summary>
    public const double DefaultTeacherNoise = 0.1;

    /// <summary>Teacher: <c>world</c> (the built-in generators), <c>llm</c> (the configured endpoint) or <c>command</c> (your program, <see cref="TeacherCommand"/>).</summary>
    public string Teacher { get; init; } = "world";

    /// <summary>The command <c>teacher: command</c> runs for each call (<c>/bin/sh -c</c>, in the config's folder; the protocol in <see cref="Teachers.CommandTeacher"/>).</summary>
    public string? TeacherCommand { get; init; }

    /// <summary>Seconds one teacher command may run.</summary>
    public int TeacherTimeoutSeconds { get; init; } = 120;

    /// <summary>Where the teacher command runs: the config file's folder (set when the file is read).</summary>
    public string? TeacherDirectory { get; init; }

    /// <summary>What calls cost.</summary>
    public ApiCosts Costs { get; init; } = new();

    /// <summary>How far a trajectory may go.</summary>
    public TrajectoryLimits Limits { get; init; } = new();

    /// <summary>The policy's training.</summary>
    public PolicySettings Policy { get; init; } = new();

    /// <summary>The in-context use of the acquired data, measured after the final evaluation.</summary>
    public InContextSettings InContext { get; init; } = new();

    /// <summary>
    /// The settings of <c>acquire --quick</c>: the small world, the quick model, three iterations of four
    /// tasks × three trajectories with short updates — the whole loop in about three minutes on two cores.
    /// </summary>
    public static AcquisitionConfig Quick { get; } = new()
    {
        WorldSize = "small",
        Model = "quick",
        Iterations = 3,
        TasksPerIteration = 4,
        TrajectoriesPerTask = 3,
        Policy = new PolicySettings { SeedSamples = 300, SeedSteps = 150, UpdateSteps = 40, PolicySteps = 100, BatchSize = 16 },
        InContext = new InContextSettings { ReaderSamples = 600, ReaderSteps = 300 },
    };

    /// <summary>Reads a config file, applies the environment, resolves paths against the file's folder, and checks it.</summary>
    public static AcquisitionConfig Read(string path, Func<string, string?>? environment = null)
    {
        var config = YamlConfig.Read<AcquisitionConfig>(path, "acquisition config");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string? Resolve(string? p) => p is null ? null : Path.GetFullPath(Path.Combine(folder, p));
        config = config.WithEnvironment(environment ?? System.Environment.GetEnvironmentVariable) with { World = Resolve(config.World), Corpus = Resolve(config.Corpus), TasksPool = Resolve(config.TasksPool), Environment = config.Environment?.ResolvedAgainst(folder), TeacherDirectory = config.Teacher == "command" ? config.TeacherDirectory ?? folder : null, Policy = config.Policy with { CommandDirectory = config.Policy.Kind == PolicySettings.Embedded ? null : config.Policy.CommandDirectory ?? folder } };
        config.ThrowIfInvalid(path);
        return config;
    }

    /// <summary>Applies <c>ADS_ITERATIONS</c> and <c>ADS_LAMBDA</c> when set.</summary>
    public AcquisitionConfig WithEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return this with
        {
            Iterations = YamlConfig.Int(environment, "ADS_ITERATIONS") ?? Iterations,
            Lambda = YamlConfig.Double(environment, "ADS_LAMBDA") ?? Lambda,
        };
    }

    /// <summary>The optimizer kinds a config may name.</summary>
    public static IReadOnlyList<string> OptimizerKinds { get; } = ["heuristic", "embedded", "random", "random_plan", "call_everything", "retrieval_only", "demonstrations_only", "no_data", "llm"];

    /// <summary>Throws when a setting is out of range, naming each field.</summary>
    public void ThrowIfInvalid(string what)
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(Iterations is >= 0 and <= 1000, "iterations: must be in [0, 1000]");
        Require(TasksPerIteration >= 1, "tasks_per_iteration: must be ≥ 1");
        Require(TrajectoriesPerTask >= 1, "trajectories_per_task: must be ≥ 1");
        Require(HeldOutTasks is null or >= 0, "held_out_tasks: must be ≥ 0");
        Require(Lambda >= 0 && double.IsFinite(Lambda), "lambda: must be a finite number ≥ 0");
        Require(TeacherNoise is >= 0 and <= 1, "teacher_noise: must be in [0, 1]");
        Require(OptimizerKinds.Contains(Optimizer), $"optimizer: '{Optimizer}' is not one of {string.Join(", ", OptimizerKinds)}");
        Require(Teacher is "world" or "llm" or "command", $"teacher: '{Teacher}' is not world, llm or command");
        Require(Teacher != "command" || !string.IsNullOrWhiteSpace(TeacherCommand), "teacher_command: teacher: command needs the command to run");
        Require(TeacherTimeoutSeconds >= 1, "teacher_timeout_seconds: must be ≥ 1");
        Require(WorldSize is "default" or "small", $"world_size: '{WorldSize}' is not default or small");
        Require(ModelProfiles.IsKnown(Model), ModelProfiles.Problem("model", Model) ?? string.Empty);
        Require(World is null || Directory.Exists(World), $"world: {World} is not a folder");
        Require(Corpus is null || File.Exists(Corpus), $"corpus: {Corpus} does not exist");
        Require(TasksPool is null || Directory.Exists(TasksPool), $"tasks_pool: {TasksPool} is not a pool folder (make one with datasearch pool import)");
        Require(PoolTasks.Groupings.Contains(TasksGroupBy), $"tasks_group_by: '{TasksGroupBy}' is not one of {string.Join(", ", PoolTasks.Groupings)}");
        Require(Environment is null || (World is null && Corpus is null && TasksPool is null), "environment: given with world, corpus or tasks_pool; put the data in the environment block only");
        Require(Environment?.Kind != "files" || Teacher != "world", "teacher: a files environment has no built-in teacher; use teacher: llm (an OpenAI-compatible endpoint) or teacher: command (your program)");
        problems.AddRange(Environment?.Problems() ?? []);
        Require(Policy.SeedSamples >= 1, "policy.seed_samples: must be ≥ 1");
        Require(Policy.SeedSteps >= 1 && Policy.UpdateSteps >= 1 && Policy.PolicySteps >= 1, "policy: seed_steps, update_steps and policy_steps must be ≥ 1");
        Require(Policy.BatchSize >= 1, "policy.batch_size: must be ≥ 1");
        Require(Policy.LearningRate > 0 && Policy.LearningRate < 1, "policy.learning_rate: must be in (0, 1)");
        Require(Policy.ReplayFraction is >= 0 and < 1, "policy.replay_fraction: must be in [0, 1)");
        Require(Policy.Kind is PolicySettings.Embedded or PolicySettings.Command or PolicySettings.Endpoint, $"policy.kind: '{Policy.Kind}' is not embedded, command or endpoint");
        problems.AddRange(Policies.CommandPolicyBackend.Problems(Policy));
        problems.AddRange(Costs.Problems());
        problems.AddRange(Limits.Problems());
        problems.AddRange(InContext.Problems());
        if (problems.Count > 0)
        {
            throw new InvalidConfigurationException(what, problems);
        }
    }

    /// <summary>The config as YAML (written to the run folder).</summary>
    public string ToYaml() => YamlConfig.Write(this);
}
