namespace DataSearch.Acquisition;

/// <summary>
/// The files of an acquisition run folder, named in this one place (docs/acquisition.md → Run folder).
/// Everything that reads or writes a run — the loop, the session, the CLI, the report — goes through it.
/// </summary>
/// <param name="Root">The run folder.</param>
public sealed record AcquisitionRunFolder(string Root)
{
    /// <summary>The settings used (<c>config.yaml</c>).</summary>
    public string Config => Path.Combine(Root, "config.yaml");

    /// <summary>The append-only log (<c>logs/ads.log</c>).</summary>
    public string Log => Path.Combine(Root, "logs", "ads.log");

    /// <summary>One line per API call (<c>logs/cost_ledger.jsonl</c>).</summary>
    public string CostLedger => Path.Combine(Root, "logs", "cost_ledger.jsonl");

    /// <summary>The LLM agents' prompts and replies (<c>thinking_logs/</c>).</summary>
    public string ThinkingLogs => Path.Combine(Root, "thinking_logs");

    /// <summary>The results folder (<c>results/</c>).</summary>
    public string Results => Path.Combine(Root, "results");

    /// <summary><see cref="EvaluationResults"/> relative to the run folder, for messages and for finding runs.</summary>
    public static readonly string RelativeEvaluationResults = Path.Combine("results", "evaluation_results.json");

    /// <summary>The trained optimizer's evaluation (<c>results/evaluation_results.json</c>): a finished run has it.</summary>
    public string EvaluationResults => Path.Combine(Root, RelativeEvaluationResults);

    /// <summary>Every method's evaluation, the optimizer first (<c>results/baselines.json</c>).</summary>
    public string Baselines => Path.Combine(Results, "baselines.json");

    /// <summary><c>policies/</c>: the policies a train command wrote (policy kind command or endpoint), one folder each.</summary>
    public string Policies => Path.Combine(Root, "policies");

    /// <summary><c>results/paired_differences.json</c>: the trained optimizer against each baseline, task by task, with 95 % intervals.</summary>
    public string PairedDifferences => Path.Combine(Results, "paired_differences.json");

    /// <summary>Per-iteration training metrics (<c>results/training_metrics.json</c>).</summary>
    public string TrainingMetrics => Path.Combine(Results, "training_metrics.json");

    /// <summary>In-context use of the acquired data (<c>results/in_context_results.json</c>).</summary>
    public string InContextResults => Path.Combine(Results, "in_context_results.json");

    /// <summary>The acquired data as a canonical pool (<c>acquired/</c>).</summary>
    public string Acquired => Path.Combine(Root, "acquired");

    /// <summary>The base policy, built once (<c>checkpoints/base_policy.pt</c>).</summary>
    public string BasePolicy => Path.Combine(Root, "checkpoints", "base_policy.pt");

    /// <summary>The in-context reader, built once (<c>checkpoints/reader.pt</c>).</summary>
    public string Reader => Path.Combine(Root, "checkpoints", "reader.pt");

    /// <summary>The persistent API cache (<c>caches/api_cache.sqlite</c>).</summary>
    public string ApiCache => Path.Combine(Root, "caches", "api_cache.sqlite");

    /// <summary>Iteration <paramref name="iteration"/>'s checkpoint (<c>checkpoints/iteration-NNN/</c>).</summary>
    public string Iteration(int iteration) => Path.Combine(Root, "checkpoints", $"iteration-{iteration:D3}");

    /// <summary>The optimizer's state in an iteration's checkpoint.</summary>
    public static string OptimizerState(string iterationFolder) => Path.Combine(iterationFolder, "optimizer.json");

    /// <summary>The policy in an iteration's checkpoint.</summary>
    public static string Policy(string iterationFolder) => Path.Combine(iterationFolder, "policy.pt");

    /// <summary>The data the policy was updated on in an iteration's checkpoint.</summary>
    public static string PolicyData(string iterationFolder) => Path.Combine(iterationFolder, "policy_data.json");
}
