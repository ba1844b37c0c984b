namespace DataSearch.Evaluation;

/// <summary>LLaMA-Factory settings of the command evaluator's subset export (the <c>llamafactory:</c> block).</summary>
public sealed record LlamaFactorySettings
{
    public string DatasetName { get; init; } = "datasearch";

    public string Model { get; init; } = "Qwen/Qwen2.5-1.5B-Instruct";

    public string Template { get; init; } = "qwen";

    public string FinetuningType { get; init; } = "lora";

    public double Epochs { get; init; } = 3;

    public int CutoffLen { get; init; } = 2048;

    public double LearningRate { get; init; } = 1e-4;

    /// <summary>A training YAML template with placeholders, or null for the built-in one.</summary>
    public string? TrainTemplate { get; init; }
}

/// <summary>How evaluations are submitted to Slurm (the <c>slurm:</c> block).</summary>
public sealed record SlurmSettings
{
    /// <summary>Partition (<c>--partition</c>), or null for the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>Account (<c>--account</c>), or null.</summary>
    public string? Account { get; init; }

    /// <summary>Time limit (<c>--time</c>, e.g. <c>06:00:00</c>); null: the evaluator's timeout_minutes.</summary>
    public string? Time { get; init; }

    /// <summary>GPUs per job (<c>--gpus</c>); 0 asks for none.</summary>
    public int Gpus { get; init; }

    /// <summary>CPUs per job (<c>--cpus-per-task</c>), or 0 for the default.</summary>
    public int CpusPerTask { get; init; }

    /// <summary>Memory per job (<c>--mem</c>, e.g. <c>64G</c>), or null.</summary>
    public string? Mem { get; init; }

    /// <summary>Further directives, one per entry (<c>--constraint=a100</c>, <c>#SBATCH --qos=high</c>).</summary>
    public string[] Extra { get; init; } = [];

    /// <summary>Seconds between two looks at a job's state.</summary>
    public double PollSeconds { get; init; } = 10;

    /// <summary>Resubmissions of a job that ended in one of <see cref="RetryStates"/>.</summary>
    public int MaxRetries { get; init; } = 1;

    /// <summary>Job end states that are the cluster's fault, not the evaluation's, and worth a retry.</summary>
    public string[] RetryStates { get; init; } = ["NODE_FAIL", "PREEMPTED", "BOOT_FAIL"];
}

/// <summary>
/// Which backend trains and scores a subset (the <c>evaluator:</c> block of a search config):
/// <c>embedded</c> (the built-in TorchSharp model on a world), <c>proxy</c> (a small model trained on
/// the subset and scored by its loss on held-out benchmark answers: any environment, on a CPU; see
/// docs/proxy.md) or <c>command</c> (any training and evaluation commands, e.g. LLaMA-Factory then
/// vLLM, writing a result file; see docs/backends.md).
/// </summary>
public sealed record EvaluatorSettings
{
    /// <summary>The placeholders a command may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders =
        ["run_dir", "eval_dir", "eval_id", "subset_dir", "subset_ids", "subset_file", "train_config", "dataset_name", "model_dir", "samples", "seed", "result"];

    /// <summary>Every kind: <c>embedded</c>, <c>proxy</c>, <c>command</c> or <c>slurm</c> (the commands, as one batch job per evaluation).</summary>
    public static readonly IReadOnlyList<string> Kinds = ["embedded", "proxy", "command", "slurm"];

    // The settings only the command and Slurm evaluators read.
    private static readonly string[] CommandSettings = ["commands", "result", "export", "llamafactory", "timeout_minutes", "working_directory", "environment"];

    /// <summary>One of <see cref="Kinds"/>.</summary>
    public string Kind { get; init; } = "embedded";

    /// <summary>The proxy evaluator's size and held-out items (used when <see cref="Kind"/> is <c>proxy</c>).</summary>
    public ProxySettings Proxy { get; init; } = new();

    /// <summary>Shell commands run one after another for each evaluation, with placeholders filled.</summary>
    public string[] Commands { get; init; } = [];

    /// <summary>Where the last command leaves the scores (placeholders allowed).</summary>
    public string Result { get; init; } = "{eval_dir}/result.json";

    /// <summary>How the subset is written into <c>{subset_dir}</c>: llamafactory, jsonl or parquet (the ids are always written too).</summary>
    public string Export { get; init; } = "llamafactory";

    /// <summary>The LLaMA-Factory export's dataset and training settings.</summary>
    public LlamaFactorySettings Llamafactory { get; init; } = new();

    /// <summary>Wall-clock limit of one evaluation (all its commands), in minutes.</summary>
    public double TimeoutMinutes { get; init; } = 720;

    /// <summary>The commands' working directory; null: the config file's folder (set when the config is read).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How jobs are submitted when <see cref="Kind"/> is <c>slurm</c>.</summary>
    public SlurmSettings Slurm { get; init; } = new();

    /// <summary>Extra environment variables for the commands (not for secrets: those stay in your environment, which the commands inherit).</summary>
    public Dictionary<string, string> Environment { get; init; } = [];

    /// <summary>
    /// The settings (snake_case keys of this block) that <see cref="Kind"/> never reads: the embedded and
    /// proxy evaluators ignore everything about commands, exports and their working directory, and only
    /// the proxy reads <c>proxy</c>, only Slurm <c>slurm</c>. A run fingerprint leaves them out.
    /// </summary>
    public IReadOnlyList<string> UnreadSettings() => Kind switch
    {
        "embedded" => [.. CommandSettings, "proxy", "slurm"],
        "proxy" => [.. CommandSettings, "slurm"],
        "command" => ["proxy", "slurm"],
        _ => ["proxy"],
    };

    /// <summary>The problems with these settings, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Kinds.Contains(Kind, StringComparer.Ordinal))
        {
            yield return $"evaluator.kind: '{Kind}' is not one of {string.Join(", ", Kinds)}";
        }

        if (Kind == "proxy")
        {
            foreach (var problem in Proxy.Problems())
            {
                yield return problem;
            }
        }

        if (Kind == "slurm")
        {
            if (Slurm.PollSeconds <= 0)
            {
                yield return "evaluator.slurm.poll_seconds: must be > 0";
            }

            if (Slurm.MaxRetries < 0)
            {
                yield return "evaluator.slurm.max_retries: must be ≥ 0";
            }

            if (Slurm.Gpus < 0 || Slurm.CpusPerTask < 0)
            {
                yield return "evaluator.slurm.gpus / cpus_per_task: must be ≥ 0";
            }
        }

        if (Kind is "command" or "slurm")
        {
            if (Commands.Length == 0)
            {
                yield return "evaluator.commands: the command evaluator needs at least one command";
            }

            foreach (var (text, key) in Commands.Select((c, i) => (c, $"evaluator.commands[{i}]")).Append((Result, "evaluator.result")))
            {
                foreach (System.Text.RegularExpressions.Match match in DataSearch.Export.Placeholders.Pattern().Matches(text))
                {
                    if (!Placeholders.Contains(match.Groups[1].Value))
                    {
                        yield return $"{key}: unknown placeholder {{{match.Groups[1].Value}}}; known: {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))}";
                    }
                }
            }

            if (Export is not ("llamafactory" or "jsonl" or "parquet"))
            {
                yield return $"evaluator.export: '{Export}' is not llamafactory, jsonl or parquet";
            }

            if (TimeoutMinutes <= 0)
            {
                yield return "evaluator.timeout_minutes: must be > 0";
            }
        }
    }
}
