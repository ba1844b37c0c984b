using System.CommandLine;
using DataSearch.Cli.Internal;
using DataSearch.Reports;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch report RUN [-o report.html]</c>: one self-contained HTML page per run folder.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var run = new Argument<string>("run") { Description = "A run folder: a search, a comparison, an acquisition run or a demo." };
        var output = new Option<string?>("--output", "-o") { Description = $"The HTML file to write (default RUN/{RunReport.DefaultFile}); the data goes beside it as .json." };
        var command = new Command("report", """
            Write one self-contained HTML report of a run folder: figures (best score so far per method with
            its spread over seeds, per-benchmark scores of the best recipe against the baselines and the
            oracle, the search tree, the surrogate's predictions against actual scores, reward, gain and cost
            per acquisition iteration, the API mix per task type, per-task outcomes, cost against gain) and
            tables (every evaluation, the best recipe's per-step trace and state vector, per-task results).
            The page fetches nothing; the same data is written as JSON beside it. A run still in progress is
            reported as far as it got.

            Examples:
              datasearch report runs/demo
              datasearch report runs/search -o search.html
            """)
        {
            run, output,
        };
        command.SetAction(parsed =>
        {
            var folder = parsed.GetRequiredValue(run);
            var path = parsed.GetValue(output) ?? Path.Combine(folder, RunReport.DefaultFile);
            var document = RunReport.Write(folder, path);
            environment.Output.WriteLine($"{path}: {document.Sections.Count} sections ({string.Join(", ", document.Sections.Select(s => s.Title))}); data in {Path.ChangeExtension(path, ".json")}");
            return ExitCodes.Success;
        });
        return command;
    }
}
