using System.Globalization;
using DataSearch.Progress;
using Spectre.Console;

namespace DataSearch.Cli.Internal;

/// <summary>
/// Shows <see cref="ProgressReport"/>s: a live bar per stage in a terminal, or plain time-stamped lines
/// (at most one every few seconds per stage, plus one when a stage ends) when output goes to a log.
/// </summary>
internal static class ProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(3);

    /// <summary>Runs <paramref name="work"/>, showing the progress it reports.</summary>
    public static T Run<T>(CliEnvironment environment, string title, Func<IProgress<ProgressReport>, T> work)
    {
        if (!environment.Interactive)
        {
            var plain = new PlainProgress(environment);
            var result = work(plain);
            plain.Finish();
            return result;
        }

        return environment.ErrorConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var bars = new LiveProgress(context, title);
                var result = work(bars);
                bars.Finish();
                return result;
            });
    }

    /// <summary>Formats a count of <paramref name="unit"/> for people: bytes as MB, the rest with thousands separators.</summary>
    public static string FormatAmount(long value, string unit) => unit == "bytes"
        ? $"{value / 1e6:0.0} MB"
        : $"{value.ToString("N0", CultureInfo.InvariantCulture)} {unit}";

    private sealed class LiveProgress(ProgressContext context, string title) : IProgress<ProgressReport>
    {
        private readonly Dictionary<string, ProgressTask> tasks = [];

        public void Report(ProgressReport value)
        {
            if (!tasks.TryGetValue(value.Stage, out var task))
            {
                task = context.AddTask(Markup.Escape(value.Stage), maxValue: Math.Max(1, value.Total ?? 1));
                tasks.Add(value.Stage, task);
            }

            if (value.Detail is { } detail)
            {
                task.Description = Markup.Escape($"{value.Stage} · {detail}");
            }

            if (value.Total is { } total)
            {
                task.MaxValue = Math.Max(1, total);
            }
            else
            {
                task.IsIndeterminate = true;
            }

            task.Value = value.Done;
        }

        public void Finish()
        {
            if (tasks.Count == 0)
            {
                context.AddTask(Markup.Escape(title)).Value = 100;
            }

            foreach (var task in tasks.Values)
            {
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }
    }

    private sealed class PlainProgress(CliEnvironment environment) : IProgress<ProgressReport>
    {
        private readonly Dictionary<string, (DateTimeOffset ShownAt, ProgressReport Shown, ProgressReport Latest)> stages = [];
        private readonly Dictionary<string, (DateTimeOffset At, long Done)> starts = [];

        public void Report(ProgressReport value)
        {
            // A stage's first report only starts its clock, so short stages print one line, when they end.
            var now = environment.Clock.GetUtcNow();
            if (!stages.TryGetValue(value.Stage, out var stage))
            {
                stage = (now, default, default);
                starts[value.Stage] = (now, value.Done);
            }
            else if (value.Done < stage.Latest.Done)
            {
                // The same stage again (the next evaluation's fine-tuning): its rate starts afresh.
                starts[value.Stage] = (now, value.Done);
            }

            var due = now - stage.ShownAt >= PlainInterval || (IsComplete(value) && !IsComplete(stage.Shown));
            stages[value.Stage] = due ? (now, value, value) : (stage.ShownAt, stage.Shown, value);
            if (due)
            {
                Write(now, value);
            }
        }

        /// <summary>Shows the last report of every stage whose last report was held back.</summary>
        public void Finish()
        {
            foreach (var (_, shown, latest) in stages.Values)
            {
                if (shown != latest)
                {
                    Write(environment.Clock.GetUtcNow(), latest);
                }
            }
        }

        private void Write(DateTimeOffset now, ProgressReport value)
        {
            var amount = value.Total is { } total && total > 0
                ? $"{FormatAmount(value.Done, value.Unit)} / {FormatAmount(total, value.Unit)} ({100.0 * value.Done / total:0}%)"
                : FormatAmount(value.Done, value.Unit);
            var detail = value.Detail is { } d ? $" · {d}" : string.Empty;
            environment.Error.WriteLine($"[{now.ToLocalTime():HH:mm:ss}] {value.Stage}: {amount}{detail}{Remaining(now, value)}");
            environment.Error.Flush();
        }

        /// <summary>" · ETA 3m10s" from the stage's rate so far, once there is a rate to go by.</summary>
        private string Remaining(DateTimeOffset now, ProgressReport value)
        {
            var (at, done) = starts[value.Stage];
            var progressed = value.Done - done;
            if (value.Total is not { } total || progressed <= 0 || value.Done >= total)
            {
                return string.Empty;
            }

            var left = TimeSpan.FromSeconds((now - at).TotalSeconds / progressed * (total - value.Done));
            return left.TotalMinutes >= 1 ? $" · ETA {(int)left.TotalMinutes}m{left.Seconds:00}s" : $" · ETA {left.Seconds}s";
        }

        private static bool IsComplete(ProgressReport report) => report.Total is { } total && report.Done >= total;
    }
}

/// <summary>Library stages drawn as the CLI's progress bars.</summary>
internal sealed class ProgressStages(CliEnvironment environment) : IStageRunner
{
    public T Run<T>(string stage, Func<IProgress<ProgressReport>?, T> work) => ProgressDisplay.Run(environment, stage, progress => work(progress));
}
