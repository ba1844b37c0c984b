using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DataSearch.IO;
using DataSearch.Progress;

namespace DataSearch.Evaluation.Slurm;

/// <summary>
/// Runs each evaluation's commands as one Slurm batch job: writes the subset and <c>job.sh</c> (the
/// configured <c>#SBATCH</c> directives, then the commands) into the evaluation's workspace, submits it
/// with <c>sbatch</c>, records the job id in <c>job.json</c> before waiting, follows it with
/// <c>squeue</c>/<c>scontrol</c>/<c>sacct</c>, and reads the result file when it completes. A job that
/// ends in one of the retry states (a node failure, a pre-emption) is resubmitted up to the configured
/// number of times; any other failure fails the evaluation with the job's state, exit code and log
/// tail. A controller that is stopped leaves its jobs running: the next run re-attaches to a job still
/// queued or running (by the id in <c>job.json</c>, or by the job's name) instead of submitting it twice.
/// Safe to call from several threads at once, so a search can keep several jobs in flight.
/// </summary>
public sealed class SlurmEvaluator(EvaluatorSettings settings, string runFolder, Action<string> log, SlurmClient? client = null) : IEvaluator
{
    private readonly SlurmClient slurm = client ?? new SlurmClient();
    private int submitted;

    /// <summary>Jobs this evaluator submitted (not counting re-attached ones).</summary>
    public int Submitted => submitted;

    /// <inheritdoc/>
    public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var workspace = new EvaluationWorkspace(settings, runFolder, request);
        if (workspace.Reused(log) is { } done)
        {
            return done;
        }

        var watch = Stopwatch.StartNew();
        var record = JobRecord.Read(workspace.Folder);
        var jobName = $"ds-{workspace.Id}";
        var jobId = Attach(record, jobName, workspace);
        if (jobId is null)
        {
            workspace.Prepare();
            jobId = Submit(workspace, jobName, record);
        }

        while (true)
        {
            var state = Wait(jobId, workspace, progress, cancellationToken);
            if (state.State == "COMPLETED")
            {
                var result = workspace.ReadResult(watch.Elapsed.TotalSeconds, $"Slurm job {jobId}; logs in {workspace.LogFolder}");
                log($"{workspace.Id}: job {jobId} completed in {watch.Elapsed.TotalSeconds:0} s, objective {result.Objective:0.0}");
                return result;
            }

            var retries = record.JobIds.Count - 1;
            if (settings.Slurm.RetryStates.Contains(state.State) && retries < settings.Slurm.MaxRetries)
            {
                log($"{workspace.Id}: job {jobId} ended {state.State}; resubmitting (retry {retries + 1} of {settings.Slurm.MaxRetries})");
                jobId = Submit(workspace, jobName, record);
                continue;
            }

            throw new EvaluationFailedException(
                $"Slurm job {jobId} ended {state.State} (exit code {state.ExitCode}){EvaluationWorkspace.Tail([LogPath(workspace, jobId, "err"), LogPath(workspace, jobId, "out")])}");
        }
    }

    /// <summary>A job of an earlier run of this evaluation that is still queued or running, or that completed with its result on disk.</summary>
    private string? Attach(JobRecord record, string jobName, EvaluationWorkspace workspace)
    {
        var known = record.JobIds.Count > 0 ? record.JobIds[^1] : null;
        if (known is not null && slurm.State(known) is { } state && (state.IsActive || state.State == "COMPLETED"))
        {
            log($"{workspace.Id}: re-attached to Slurm job {known} ({state.State})");
            return known;
        }

        // Submitted by a run killed before it could write job.json: found by name.
        if (slurm.FindActive(jobName) is { } byName)
        {
            log($"{workspace.Id}: re-attached to Slurm job {byName}, found by its name {jobName}");
            record.JobIds.Add(byName);
            record.Write(workspace.Folder);
            return byName;
        }

        return null;
    }

    private string Submit(EvaluationWorkspace workspace, string jobName, JobRecord record)
    {
        var script = Path.Combine(workspace.Folder, "job.sh");
        AtomicFile.WriteAllText(script, Script(workspace, jobName));
        var jobId = slurm.Submit(script, workspace.WorkingDirectory);
        Interlocked.Increment(ref submitted);
        record.JobIds.Add(jobId);
        record.Write(workspace.Folder);
        log($"{workspace.Id}: submitted Slurm job {jobId}");
        return jobId;
    }

    private SlurmJobState Wait(string jobId, EvaluationWorkspace workspace, IProgress<ProgressReport>? progress, CancellationToken cancellation)
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
                return new SlurmJobState(File.Exists(workspace.ResultPath) ? "COMPLETED" : "UNKNOWN", "?");
            }

            progress?.Report(new ProgressReport($"Slurm job {jobId}", 0, null, state?.State.ToLowerInvariant() ?? "unknown"));
            try
            {
                Task.Delay(TimeSpan.FromSeconds(settings.Slurm.PollSeconds), cancellation).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                log($"{workspace.Id}: stopped waiting; Slurm job {jobId} keeps running and --resume re-attaches to it");
                throw;
            }
        }
    }

    private string Script(EvaluationWorkspace workspace, string jobName)
    {
        var s = settings.Slurm;
        var logs = workspace.LogFolder;
        var script = new StringBuilder("#!/bin/bash\n");
        void Directive(string text) => script.Append(text.StartsWith('#') ? text : $"#SBATCH {text}").Append('\n');
        Directive($"--job-name={jobName}");
        Directive($"--output={Path.Combine(logs, "slurm-%j.out")}");
        Directive($"--error={Path.Combine(logs, "slurm-%j.err")}");
        Directive($"--chdir={workspace.WorkingDirectory}");
        Directive($"--time={s.Time ?? Minutes(settings.TimeoutMinutes)}");
        if (s.Partition is { } partition)
        {
            Directive($"--partition={partition}");
        }

        if (s.Account is { } account)
        {
            Directive($"--account={account}");
        }

        if (s.Gpus > 0)
        {
            Directive($"--gpus={s.Gpus}");
        }

        if (s.CpusPerTask > 0)
        {
            Directive($"--cpus-per-task={s.CpusPerTask}");
        }

        if (s.Mem is { } mem)
        {
            Directive($"--mem={mem}");
        }

        foreach (var extra in s.Extra)
        {
            Directive(extra);
        }

        script.Append("# written by datasearch: one evaluation, its commands in order\nset -euo pipefail\n");
        foreach (var (key, value) in settings.Environment)
        {
            script.Append(CultureInfo.InvariantCulture, $"export {key}={EvaluationWorkspace.ShellQuote(value)}\n");
        }

        foreach (var (command, step) in workspace.Commands.Select((c, i) => (c, i + 1)))
        {
            script.Append(CultureInfo.InvariantCulture, $"echo {EvaluationWorkspace.ShellQuote($"[datasearch] step {step}: {command}")}\n{command}\n");
        }

        return script.ToString();
    }

    private static string Minutes(double minutes) => Math.Max(1, (int)Math.Ceiling(minutes)).ToString(CultureInfo.InvariantCulture);

    private static string LogPath(EvaluationWorkspace workspace, string jobId, string stream) => Path.Combine(workspace.LogFolder, $"slurm-{jobId}.{stream}");

    /// <summary><c>job.json</c>: every job submitted for this evaluation, the latest last.</summary>
    private sealed record JobRecord(List<string> JobIds)
    {
        private const string FileName = "job.json";

        public static JobRecord Read(string folder)
        {
            var path = Path.Combine(folder, FileName);
            if (!File.Exists(path))
            {
                return new JobRecord([]);
            }

            try
            {
                return JsonSerializer.Deserialize<JobRecord>(File.ReadAllText(path)) ?? new JobRecord([]);
            }
            catch (JsonException e)
            {
                throw new Errors.CorruptDataException(path, $"not a job record ({e.Message})");
            }
        }

        public void Write(string folder) =>
            AtomicFile.WriteAllText(Path.Combine(Directory.CreateDirectory(folder).FullName, FileName), JsonSerializer.Serialize(this) + "\n");
    }
}
