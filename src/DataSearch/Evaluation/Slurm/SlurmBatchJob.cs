using DataSearch.IO;
using DataSearch.Progress;

namespace DataSearch.Evaluation.Slurm;

/// <summary>
/// One unit of work run as a Slurm batch job, from a folder of its own: re-attaches to the job an earlier
/// run left queued or running (by the id in <c>job.json</c>, or by its name when the run was killed
/// before writing it), or writes <c>job.sh</c> and submits it; follows the job with
/// <c>scontrol</c>/<c>sacct</c>; and resubmits a job that ended in one of the settings' retry states (a node
/// failure, a pre-emption) up to their retry count. Stopping the caller leaves the job running.
/// </summary>
/// <param name="Folder">The work's folder: <c>job.sh</c> and <c>job.json</c> go here.</param>
/// <param name="Name">The job name (<c>--job-name</c>), unique to this work.</param>
/// <param name="Label">How log lines name the work.</param>
/// <param name="WorkingDirectory">Where <c>sbatch</c> runs.</param>
/// <param name="LogFolder">Where the job's <c>slurm-JOBID.out/.err</c> go (the script's header says so).</param>
/// <param name="ResultPath">The file a successful job leaves; decides the outcome of a job Slurm has forgotten.</param>
public sealed record SlurmBatchJob(string Folder, string Name, string Label, string WorkingDirectory, string LogFolder, string ResultPath)
{
    /// <summary>
    /// Runs the job to its end and returns its id and final state (<c>COMPLETED</c> or a failure).
    /// <paramref name="prepare"/> runs once before the first submission and <paramref name="script"/> gives
    /// the batch script; <paramref name="onSubmitted"/> counts submissions.
    /// </summary>
    public (string JobId, SlurmJobState State) Run(SlurmClient slurm, SlurmSettings settings, Action prepare, Func<string> script, Action<string> log,
        Action? onSubmitted = null, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(slurm);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(prepare);
        ArgumentNullException.ThrowIfNull(log);
        var record = SlurmJobRecord.Read(Folder);
        var jobId = Attach(slurm, record, log);
        if (jobId is null)
        {
            prepare();
            jobId = Submit(slurm, record, script, log, onSubmitted);
        }

        while (true)
        {
            var state = Wait(slurm, jobId, settings.PollSeconds, log, progress, cancellation);
            var retries = record.JobIds.Count - 1;
            if (state.State == "COMPLETED" || !settings.RetryStates.Contains(state.State) || retries >= settings.MaxRetries)
            {
                return (jobId, state);
            }

            log($"{Label}: job {jobId} ended {state.State}; resubmitting (retry {retries + 1} of {settings.MaxRetries})");
            jobId = Submit(slurm, record, script, log, onSubmitted);
        }
    }

    /// <summary>
    /// Runs one shell <paramref name="command"/> as this job (the settings' header, then the command,
    /// echoed first into the job's log) to completion; <paramref name="prepare"/> runs once before the first
    /// submission. Returns the job id.
    /// </summary>
    /// <exception cref="EvaluationFailedException">The job ended in any state but <c>COMPLETED</c>; the message holds its logs' tail.</exception>
    public string RunShellCommand(SlurmClient slurm, SlurmSettings settings, string command, string purpose, double timeoutMinutes, Action prepare, Action<string> log,
        IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string Script() => SlurmScript.Header(settings, Name, LogFolder, WorkingDirectory, timeoutMinutes)
            + $"# written by datasearch: {purpose}\nset -euo pipefail\n"
            + $"echo {EvaluationWorkspace.ShellQuote($"[datasearch] {command}")}\n{command}\n";
        return RunToCompletion(slurm, settings, prepare, Script, log, null, progress, cancellation);
    }

    /// <summary>
    /// <see cref="Run"/>, and an error unless the job ended <c>COMPLETED</c>. Returns the job id.
    /// </summary>
    /// <exception cref="EvaluationFailedException">The job ended in any other state; the message holds its logs' tail.</exception>
    public string RunToCompletion(SlurmClient slurm, SlurmSettings settings, Action prepare, Func<string> script, Action<string> log,
        Action? onSubmitted = null, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        var (jobId, state) = Run(slurm, settings, prepare, script, log, onSubmitted, progress, cancellation);
        if (state.State != "COMPLETED")
        {
            throw new EvaluationFailedException($"Slurm job {jobId} ended {state.State} (exit code {state.ExitCode}){LogTail(jobId)}");
        }

        return jobId;
    }

    /// <summary>The tail of the job's logs, for an error message.</summary>
    public string LogTail(string jobId) =>
        EvaluationWorkspace.Tail([SlurmScript.LogPath(LogFolder, jobId, "err"), SlurmScript.LogPath(LogFolder, jobId, "out")]);

    /// <summary>A job of an earlier run that is still queued or running, or that completed.</summary>
    private string? Attach(SlurmClient slurm, SlurmJobRecord record, Action<string> log)
    {
        if (record.Latest is { } known && slurm.State(known) is { } state && (state.IsActive || state.State == "COMPLETED"))
        {
            log($"{Label}: re-attached to Slurm job {known} ({state.State})");
            return known;
        }

        // Submitted by a run killed before it could write job.json: found by name.
        if (slurm.FindActive(Name) is { } byName)
        {
            log($"{Label}: re-attached to Slurm job {byName}, found by its name {Name}");
            record.Add(byName, Folder);
            return byName;
        }

        return null;
    }

    private string Submit(SlurmClient slurm, SlurmJobRecord record, Func<string> script, Action<string> log, Action? onSubmitted)
    {
        var path = Path.Combine(Directory.CreateDirectory(Folder).FullName, "job.sh");
        AtomicFile.WriteAllText(path, script());
        var jobId = slurm.Submit(path, WorkingDirectory);
        onSubmitted?.Invoke();
        record.Add(jobId, Folder);
        log($"{Label}: submitted Slurm job {jobId}");
        return jobId;
    }

    private SlurmJobState Wait(SlurmClient slurm, string jobId, double pollSeconds, Action<string> log, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        var unknown = 0;
        while (true)
        {
            var state = slurm.State(jobId);
            if (state is { IsActive: false })
            {
                return state;
            }

            if (state is null && ++unknown >= 3)
            {
                // Slurm has forgotten the job (no accounting, and it ended long ago): the result file decides.
                return new SlurmJobState(File.Exists(ResultPath) ? "COMPLETED" : "UNKNOWN", "?");
            }

            progress?.Report(new ProgressReport($"Slurm job {jobId}", 0, null, state?.State.ToLowerInvariant() ?? "unknown"));
            try
            {
                Task.Delay(TimeSpan.FromSeconds(pollSeconds), cancellation).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                log($"{Label}: stopped waiting; Slurm job {jobId} keeps running and a rerun re-attaches to it");
                throw;
            }
        }
    }
}
