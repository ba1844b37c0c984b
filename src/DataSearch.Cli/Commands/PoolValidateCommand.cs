using System.CommandLine;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Pool;
using DataSearch.Pool.Import;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch pool validate POOL | FILES…</c>: checks a pool folder end to end, or data files before import.</summary>
internal static class PoolValidateCommand
{
    private const int ProblemsShown = 50;

    public static Command Create(CliEnvironment environment)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "A pool folder, or data files to check without importing them.",
            Arity = ArgumentArity.OneOrMore,
        };
        var format = PoolOptions.Format();
        var maxRecordMib = PoolOptions.MaxRecordMib();
        var command = new Command("validate", """
            Check a pool folder (manifest, content hash, every record, binary cache, unique ids, source
            counts), or check data files as an import would, listing every bad record with its file,
            line and field. Exits with 1 when anything is wrong.

            Examples:
              datasearch pool validate pool
              datasearch pool validate my_data.jsonl
            """)
        {
            paths, format, maxRecordMib,
        };
        command.SetAction(parsed =>
        {
            var given = parsed.GetRequiredValue(paths);
            return given.Length == 1 && Directory.Exists(given[0])
                ? ValidatePool(environment, given[0])
                : ValidateFiles(environment, given, new ImportOptions(PoolOptions.ParseFormat(parsed.GetValue(format)), OnError: ErrorPolicy.Skip, MaxRecordBytes: (long)parsed.GetValue(maxRecordMib) << 20));
        });
        return command;
    }

    private static int ValidatePool(CliEnvironment environment, string directory)
    {
        var checks = ProgressDisplay.Run(environment, "validate", progress =>
            PoolValidator.Validate(directory, progress, environment.Cancellation));
        foreach (var check in checks)
        {
            var mark = check.Passed ? "[green]ok[/]  " : "[red]FAIL[/]";
            environment.Console.MarkupLine($"{mark} {Markup.Escape(check.Name)}: {Markup.Escape(check.Detail)}");
        }

        var failed = checks.Count(c => !c.Passed);
        environment.Output.WriteLine(failed == 0 ? $"{directory}: valid pool" : $"{directory}: {failed} check(s) failed");
        return failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static int ValidateFiles(CliEnvironment environment, string[] files, ImportOptions options)
    {
        var result = ProgressDisplay.Run(environment, "validate", progress =>
            new PoolImporter().Import(files, options, progress, environment.Cancellation));
        foreach (var file in result.Files)
        {
            var layout = file.Format is { } known ? SourceFormatNames.Of(known) : "unknown layout";
            environment.Output.WriteLine($"{file.Path}: {layout}, {file.Records:N0} records, {file.Imported:N0} good, {file.Rejected:N0} bad");
        }

        foreach (var rejection in result.Rejections.Take(ProblemsShown))
        {
            environment.Output.WriteLine($"  {rejection.Problem}");
        }

        if (result.Rejections.Count > ProblemsShown)
        {
            environment.Output.WriteLine($"  ... and {result.Rejections.Count - ProblemsShown:N0} more");
        }

        return result.Rejections.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }
}
