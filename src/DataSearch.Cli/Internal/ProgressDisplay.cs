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

        public void Report(ProgressReport value)
        {
            // A stage's first report only starts its clock, so short stages print one line, when they end.
            var now = environment.Clock.GetUtcNow();
            if (!stages.TryGetValue(value.Stage, out var stage))
            {
                stage = (now, default, default);
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
            environment.Error.WriteLine($"[{now.ToLocalTime():HH:mm:ss}] {value.Stage}: {amount}");
            environment.Error.Flush();
        }

        private static bool IsComplete(ProgressReport report) => report.Total is { } total && report.Done >= total;
    }
}
