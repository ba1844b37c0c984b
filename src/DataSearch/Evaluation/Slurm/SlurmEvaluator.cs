using System.Diagnostics;
using System.Globalization;
using System.Text;
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
        var job = new SlurmBatchJob(workspace.Folder, $"ds-{workspace.Id}", workspace.Id, workspace.WorkingDirectory, workspace.LogFolder, workspace.ResultPath);
        var jobId = job.RunToCompletion(slurm, settings.Slurm, workspace.Prepare, () => Script(workspace, job.Name), log,
            () => Interlocked.Increment(ref submitted), progress, cancellationToken);

        var result = workspace.ReadResult(watch.Elapsed.TotalSeconds, $"Slurm job {jobId}; logs in {workspace.LogFolder}");
        log($"{workspace.Id}: job {jobId} completed in {watch.Elapsed.TotalSeconds:0} s, objective {result.Objective:0.0}");
        return result;
    }

    private string Script(EvaluationWorkspace workspace, string jobName)
    {
        var script = new StringBuilder(SlurmScript.Header(settings.Slurm, jobName, workspace.LogFolder, workspace.WorkingDirectory, settings.TimeoutMinutes));
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

}
