using System.Diagnostics;

namespace DataSearch.Evaluation;

/// <summary>
/// One shell command (<c>/bin/sh -c</c>) run to its end, its stdout and stderr appended, line by line and
/// flushed, to <c>PREFIX.out</c> and <c>PREFIX.err</c>. A non-zero exit, or running past
/// a time limit, fails with the command and the tail of its logs.
/// </summary>
public static class ShellCommand
{
    /// <summary>
    /// Runs <paramref name="command"/> in <paramref name="workingDirectory"/>. When <paramref name="limit"/>
    /// fires first the process tree is killed and the failure names <paramref name="limitName"/>; when
    /// <paramref name="cancellation"/> fires it is killed and the cancellation propagates.
    /// </summary>
    /// <exception cref="EvaluationFailedException">The command failed or ran too long.</exception>
    public static void Run(string command, string workingDirectory, IReadOnlyDictionary<string, string> environment, string logPrefix, CancellationToken limit, string limitName, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit, cancellation);
        using var stdout = new StreamWriter(logPrefix + ".out", append: true) { AutoFlush = true };
        using var stderr = new StreamWriter(logPrefix + ".err", append: true) { AutoFlush = true };
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            process.WaitForExitAsync(linked.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            cancellation.ThrowIfCancellationRequested();
            throw new EvaluationFailedException($"`{command}` ran past {limitName} and was killed{EvaluationWorkspace.Tail([logPrefix + ".err", logPrefix + ".out"])}");
        }

        process.WaitForExit(); // drains the output handlers
        if (process.ExitCode != 0)
        {
            throw new EvaluationFailedException($"`{command}` exited with {process.ExitCode}{EvaluationWorkspace.Tail([logPrefix + ".err", logPrefix + ".out"])}");
        }
    }

    private static void Append(StreamWriter writer, string? line)
    {
        if (line is not null)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }
}
