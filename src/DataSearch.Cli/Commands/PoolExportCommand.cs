using System.CommandLine;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Export;
using DataSearch.IO;
using DataSearch.Pool;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch pool export POOL -o FILE</c>: writes a pool as canonical JSONL or Parquet.</summary>
internal static class PoolExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var pool = new Argument<string>("pool") { Description = "The pool folder." };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The file to write; its extension picks the format: .jsonl (canonical JSONL) or .parquet.",
            Required = true,
        };
        var command = new Command("export", """
            Write a pool as canonical JSONL or Parquet (columns sample_id, messages, source_name, target,
            tags, metadata). Both read back with 'datasearch pool import'.

            Example:
              datasearch pool export pool -o pool.parquet
            """)
        {
            pool, output,
        };
        command.SetAction(parsed =>
        {
            var path = parsed.GetRequiredValue(output);
            var opened = PoolStore.Open(parsed.GetRequiredValue(pool)).Pool;
            var format = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".parquet" => "parquet",
                ".jsonl" => "jsonl",
                _ => throw new UsageException($"--output: '{path}' should end in .jsonl or .parquet"),
            };
            SubsetExport.Write(format, opened, [.. Enumerable.Range(0, opened.Count)], path);
            environment.Output.WriteLine($"wrote {opened.Count:N0} samples to {path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
