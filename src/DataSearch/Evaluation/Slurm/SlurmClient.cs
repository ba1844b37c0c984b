using System.Diagnostics;
using DataSearch.Errors;

namespace DataSearch.Evaluation.Slurm;

/// <summary>A job's state as Slurm reports it (<c>PENDING</c>, <c>RUNNING</c>, <c>COMPLETED</c>, <c>FAILED</c>, …) and its exit code.</summary>
public sealed record SlurmJobState(string State, string ExitCode)
{
    private static readonly HashSet<string> Active = ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "RESIZING", "STAGE_OUT", "SIGNALING"];

    /// <summary>Whether the job has not ended yet.</summary>
    public bool IsActive => Active.Contains(State);
}

/// <summary>
/// Runs Slurm's commands (<c>sbatch</c>, <c>squeue</c>, <c>scontrol</c>, <c>sacct</c>, <c>scancel</c>)
/// as this user, with the inherited environment (<c>SLURM_CONF</c> included).
/// </summary>
public sealed class SlurmClient
{
    /// <summary>Submits <paramref name="script"/> and returns the job id.</summary>
    public string Submit(string script, string workingDirectory)
    {
        var (code, output, error) = Run("sbatch", ["--parsable", script], workingDirectory);
        if (code != 0)
        {
            throw new EvaluationFailedException($"sbatch {script} failed ({code}): {error.Trim()}");
        }

        // --parsable prints "id" or "id;cluster".
        return output.Trim().Split(';')[0];
    }

    /// <summary>The id of a job of this user with this name that has not ended, or null.</summary>
    public string? FindActive(string name)
    {
        var (code, output, _) = Run("squeue", ["-h", "--me", "-n", name, "-o", "%i"], null);
        return code == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() : null;
    }

    /// <summary>The job's state: from <c>scontrol</c> (which remembers recent jobs), else <c>sacct</c>; null when Slurm no longer knows it.</summary>
    public SlurmJobState? State(string jobId)
    {
        var (code, output, _) = Run("scontrol", ["show", "job", "-o", jobId], null);
        if (code == 0 && Field(output, "JobState") is { } state)
        {
            return new SlurmJobState(state, Field(output, "ExitCode") ?? "?");
        }

        (code, output, _) = Run("sacct", ["-n", "-X", "-P", "-j", jobId, "-o", "State,ExitCode"], null);
        var line = code == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        if (line?.Split('|') is [var accounted, var exit, ..])
        {
            // sacct writes "CANCELLED by 0": the state is the first word.
            return new SlurmJobState(accounted.Split(' ')[0], exit);
        }

        return null;
    }

    /// <summary>Cancels a job (no error when it has already ended).</summary>
    public void Cancel(string jobId) => Run("scancel", [jobId], null);

    private static string? Field(string scontrol, string name)
    {
        foreach (var token in scontrol.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return token[(name.Length + 1)..];
            }
        }

        return null;
    }

    private static (int Code, string Output, string Error) Run(string program, IReadOnlyList<string> arguments, string? workingDirectory)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"{program}: not found ({e.Message}); the slurm evaluator needs Slurm's client commands on PATH");
        }
    }
}
