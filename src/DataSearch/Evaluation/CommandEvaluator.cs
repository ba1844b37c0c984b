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
        using var timeout = new CancellationTokenSource();
        timeout.CancelAfter(TimeSpan.FromMinutes(settings.TimeoutMinutes));
        for (var step = 0; step < commands.Count; step++)
        {
            progress?.Report(new ProgressReport($"evaluation {workspace.Id}", step, commands.Count, "commands"));
            log($"run: {commands[step]}");
            Interlocked.Increment(ref commandsRun);
            ShellCommand.Run(commands[step], workspace.WorkingDirectory, settings.Environment, Path.Combine(workspace.LogFolder, $"step-{step + 1}"),
                timeout.Token, $"evaluator.timeout_minutes ({settings.TimeoutMinutes} min)", cancellationToken);
        }

        progress?.Report(new ProgressReport($"evaluation {workspace.Id}", commands.Count, commands.Count, "commands"));
        var result = workspace.ReadResult(watch.Elapsed.TotalSeconds, $"logs in {workspace.LogFolder}");
        log($"{workspace.Id}: {commands.Count} commands in {watch.Elapsed.TotalSeconds:0.0} s, objective {result.Objective:0.0}");
        return result;
    }
}
