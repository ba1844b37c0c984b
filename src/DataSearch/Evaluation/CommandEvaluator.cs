using System.Diagnostics;
using DataSearch.Progress;

namespace DataSearch.Evaluation;

/// <summary>
/// Trains and scores a subset with external commands (LLaMA-Factory, vLLM, any script) on this
/// machine: for each evaluation it writes the subset into its <see cref="EvaluationWorkspace"/>, runs
/// the configured commands one after another through <c>/bin/sh -c</c> with placeholders filled
/// (shell-quoted), keeps each command's stdout and stderr under <c>logs/</c>, and reads the scores from
/// the result file (<see cref="ResultFile"/>). A non-zero exit, a timeout or a bad result file fails the
/// evaluation with the command and the tail of its log. An evaluation whose result file is already
/// complete (a search resumed after a crash) is read, not run again.
/// </summary>
public sealed class CommandEvaluator(EvaluatorSettings settings, string runFolder, Action<string> log) : IEvaluator
{
    private int commandsRun;

    /// <summary>Commands started so far, across evaluations.</summary>
    public int CommandsRun => commandsRun;

    /// <inheritdoc/>
    public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var workspace = new EvaluationWorkspace(settings, runFolder, request);
        if (workspace.Reused(log) is { } done)
        {
            return done;
        }

        var watch = Stopwatch.StartNew();
        workspace.Prepare();
        var commands = workspace.Commands;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(settings.TimeoutMinutes));
        for (var step = 0; step < commands.Count; step++)
        {
            progress?.Report(new ProgressReport($"evaluation {workspace.Id}", step, commands.Count, "commands"));
            Run(commands[step], workspace, Path.Combine(workspace.LogFolder, $"step-{step + 1}"), timeout.Token, cancellationToken);
        }

        progress?.Report(new ProgressReport($"evaluation {workspace.Id}", commands.Count, commands.Count, "commands"));
        var result = workspace.ReadResult(watch.Elapsed.TotalSeconds, $"logs in {workspace.LogFolder}");
        log($"{workspace.Id}: {commands.Count} commands in {watch.Elapsed.TotalSeconds:0.0} s, objective {result.Objective:0.0}");
        return result;
    }

    private void Run(string command, EvaluationWorkspace workspace, string logPrefix, CancellationToken limit, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            WorkingDirectory = workspace.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings.Environment)
        {
            start.Environment[key] = value;
        }

        using var stdout = new StreamWriter(logPrefix + ".out", append: true) { AutoFlush = true };
        using var stderr = new StreamWriter(logPrefix + ".err", append: true) { AutoFlush = true };
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        log($"run: {command}");
        process.Start();
        Interlocked.Increment(ref commandsRun);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            process.WaitForExitAsync(limit).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            cancellation.ThrowIfCancellationRequested();
            throw new EvaluationFailedException($"`{command}` ran past evaluator.timeout_minutes ({settings.TimeoutMinutes} min) and was killed{EvaluationWorkspace.Tail([logPrefix + ".err", logPrefix + ".out"])}");
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
