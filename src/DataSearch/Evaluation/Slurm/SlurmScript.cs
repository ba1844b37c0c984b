using System.Globalization;
using System.Text;

namespace DataSearch.Evaluation.Slurm;

/// <summary>The start of a batch script: the shebang and the <c>#SBATCH</c> directives a <see cref="SlurmSettings"/> asks for.</summary>
public static class SlurmScript
{
    /// <summary>
    /// The header for job <paramref name="jobName"/>: its logs as <c>slurm-JOBID.out/.err</c> in
    /// <paramref name="logFolder"/>, run from <paramref name="workingDirectory"/>, with the settings' time
    /// limit or else <paramref name="timeoutMinutes"/>, then partition, account, GPUs, CPUs, memory and the extra directives.
    /// </summary>
    public static string Header(SlurmSettings settings, string jobName, string logFolder, string workingDirectory, double timeoutMinutes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var script = new StringBuilder("#!/bin/bash\n");
        void Directive(string text) => script.Append(text.StartsWith('#') ? text : $"#SBATCH {text}").Append('\n');
        Directive($"--job-name={jobName}");
        Directive($"--output={Path.Combine(logFolder, "slurm-%j.out")}");
        Directive($"--error={Path.Combine(logFolder, "slurm-%j.err")}");
        Directive($"--chdir={workingDirectory}");
        Directive($"--time={settings.Time ?? Math.Max(1, (int)Math.Ceiling(timeoutMinutes)).ToString(CultureInfo.InvariantCulture)}");
        if (settings.Partition is { } partition)
        {
            Directive($"--partition={partition}");
        }

        if (settings.Account is { } account)
        {
            Directive($"--account={account}");
        }

        if (settings.Gpus > 0)
        {
            Directive($"--gpus={settings.Gpus}");
        }

        if (settings.CpusPerTask > 0)
        {
            Directive($"--cpus-per-task={settings.CpusPerTask}");
        }

        if (settings.Mem is { } mem)
        {
            Directive($"--mem={mem}");
        }

        foreach (var extra in settings.Extra)
        {
            Directive(extra);
        }

        return script.ToString();
    }

    /// <summary>The job's log file (<paramref name="stream"/>: out or err) as the header names it.</summary>
    public static string LogPath(string logFolder, string jobId, string stream) => Path.Combine(logFolder, $"slurm-{jobId}.{stream}");
}
