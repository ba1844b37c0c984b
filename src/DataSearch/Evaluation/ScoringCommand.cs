using DataSearch.Errors;
using DataSearch.Evaluation.Slurm;
using DataSearch.IO;
using DataSearch.Pool;
using DataSearch.Signals;

namespace DataSearch.Evaluation;

/// <summary>
/// Runs a user's per-sample scoring script (a reward model, DEITA, IFD from a large model) with the same
/// contract as an evaluation command: the pool is written as canonical JSONL to <c>{pool_file}</c>, the
/// command (through <c>/bin/sh -c</c>, its output appended to <c>command.out</c>/<c>command.err</c> in
/// <c>{work_dir}</c>) writes a score file to <c>{scores}</c> — JSONL keyed by <c>sample_id</c>, as
/// <c>signals import</c> reads — and the scores are read back with every record checked. With Slurm
/// settings the command runs as one batch job instead (as the Slurm evaluator runs an evaluation: logs
/// <c>slurm-JOBID.out/.err</c> in <c>{work_dir}</c>, retried on node failure or pre-emption), and a rerun
/// while the job is queued or running re-attaches to it instead of submitting it twice.
/// </summary>
public static class ScoringCommand
{
    /// <summary>The placeholders a scoring command may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["pool_file", "scores", "work_dir"];

    /// <summary>Runs <paramref name="command"/> on <paramref name="pool"/> in <paramref name="workFolder"/> and imports what it wrote as the signal <paramref name="name"/>.</summary>
    /// <exception cref="UsageException">The command names an unknown placeholder.</exception>
    /// <exception cref="EvaluationFailedException">The command failed, ran too long, or wrote no scores.</exception>
    public static SignalImport.Result Run(
        SamplePool pool,
        string command,
        string name,
        string workFolder,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyList<string>? fields = null,
        CancellationToken cancellation = default,
        SlurmSettings? slurm = null,
        SlurmClient? slurmClient = null,
        Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(command);
        var unknown = DataSearch.Export.Placeholders.Pattern().Matches(command).Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"--command: unknown placeholder(s) {string.Join(", ", unknown.Select(u => $"{{{u}}}"))}; known: {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))}");
        }

        Directory.CreateDirectory(workFolder);
        var poolFile = Path.GetFullPath(Path.Combine(workFolder, "pool.jsonl"));
        var scores = Path.GetFullPath(Path.Combine(workFolder, "scores.jsonl"));
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["pool_file"] = poolFile, ["scores"] = scores, ["work_dir"] = Path.GetFullPath(workFolder) };
        var filled = DataSearch.Export.Placeholders.Pattern().Replace(command, match => EvaluationWorkspace.ShellQuote(values[match.Groups[1].Value]));
        void Prepare()
        {
            File.Delete(scores);
            AtomicFile.Write(poolFile, stream => CanonicalJsonl.Write(pool, stream));
        }

        if (slurm is null)
        {
            Prepare();
            using var limit = new CancellationTokenSource(timeout);
            ShellCommand.Run(filled, workingDirectory, new Dictionary<string, string>(), Path.Combine(workFolder, "command"), limit.Token, $"its limit of {timeout.TotalMinutes:0.#} minutes", cancellation);
        }
        else
        {
            RunAsSlurmJob(slurm, slurmClient ?? new SlurmClient(), filled, name, workFolder, workingDirectory, timeout, scores, Prepare, log ?? (_ => { }), cancellation);
        }

        if (!File.Exists(scores))
        {
            throw new EvaluationFailedException($"`{command}` finished but wrote no scores to {{scores}} ({scores})");
        }

        return SignalImport.Read(scores, name, pool, fields);
    }

    private static void RunAsSlurmJob(SlurmSettings settings, SlurmClient client, string filled, string name, string workFolder, string workingDirectory, TimeSpan timeout,
        string scores, Action prepare, Action<string> log, CancellationToken cancellation)
    {
        // The name is this work's (signal, pool folder, command), so that a rerun finds a job still in flight.
        var key = Convert.ToHexStringLower(System.IO.Hashing.XxHash64.Hash(System.Text.Encoding.UTF8.GetBytes(filled)))[..8];
        var folder = Path.GetFullPath(workFolder);
        new SlurmBatchJob(folder, $"ds-score-{name}-{key}", $"scoring {name}", Path.GetFullPath(workingDirectory), folder, scores)
            .RunShellCommand(client, settings, filled, "a per-sample scoring command", timeout.TotalMinutes, prepare, log, cancellation: cancellation);

        // Done: a later run scores afresh rather than re-attaching to this finished job.
        File.Delete(Path.Combine(folder, SlurmJobRecord.FileName));
    }
}
