using System.CommandLine;
using System.Text.Json;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Pool;
using DataSearch.Pool.Import;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch pool import FILES… -o POOL</c>: reads data files in any supported layout into a pool folder.</summary>
internal static class PoolImportCommand
{
    /// <summary>The file, inside the pool folder, listing the records set aside under <c>--on-error skip</c>.</summary>
    public const string RejectsFile = "rejects.jsonl";

    public static Command Create(CliEnvironment environment)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Data files: JSONL, JSON arrays or Parquet, in any supported layout.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o") { Description = "The pool folder to create.", Required = true };
        var format = PoolOptions.Format();
        var sourceName = new Option<string?>("--source-name")
        {
            Description = "Source name for every sample (default: the record's own source_name, else the file name).",
        };
        var onError = PoolOptions.OnError();
        var maxRecordMib = PoolOptions.MaxRecordMib();
        var force = new Option<bool>("--force") { Description = "Replace an existing pool in the output folder." };
        var command = new Command("import", """
            Import data files into a canonical pool folder (samples.jsonl, pool.bin, manifest.json).
            Layouts are detected per file from the first record: canonical, openai, sharegpt, alpaca,
            prompt-completion (T0), gsm8k. Samples without a sample_id get a stable content-hash id.

            Example:
              datasearch pool import t0.jsonl alpaca.json gsm8k/train.jsonl -o pool
            """)
        {
            files, output, format, sourceName, onError, maxRecordMib, force,
        };
        command.SetAction(parsed =>
        {
            var options = new ImportOptions(
                PoolOptions.ParseFormat(parsed.GetValue(format)),
                parsed.GetValue(sourceName),
                PoolOptions.ParseOnError(parsed.GetValue(onError)),
                MaxRecordBytes: (long)parsed.GetValue(maxRecordMib) << 20);
            return Execute(environment, parsed.GetRequiredValue(files), parsed.GetRequiredValue(output), options, parsed.GetValue(force));
        });
        return command;
    }

    private static int Execute(CliEnvironment environment, string[] files, string output, ImportOptions options, bool force)
    {
        var result = ProgressDisplay.Run(environment, "import", progress =>
            new PoolImporter().Import(files, options, progress, environment.Cancellation));
        var importedFrom = result.Files.Select(f => f.ToImportedFile()).ToList();
        var extraFiles = result.Rejections.Count == 0
            ? []
            : new[] { new PoolExtraFile(RejectsFile, stream => WriteRejects(result.Rejections, stream)) };
        var manifest = PoolStore.Save(result.Pool, output, importedFrom, force, extraFiles);

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("file", "layout", "records", "imported", "rejected");
        foreach (var file in result.Files)
        {
            var layout = file.Format is { } known ? SourceFormatNames.Of(known) + (file.Detected ? " (detected)" : string.Empty) : "?";
            table.AddRow(Markup.Escape(file.Path), layout, $"{file.Records:N0}", $"{file.Imported:N0}", $"{file.Rejected:N0}");
        }

        environment.Console.Write(table);
        environment.Console.MarkupLine($"Pool [bold]{Markup.Escape(output)}[/]: {manifest.SampleCount:N0} samples from {manifest.Sources.Count} source(s), hash {manifest.PoolHash[..16]}");
        if (result.Rejections.Count > 0)
        {
            environment.Error.WriteLine($"warning: {result.Rejections.Count:N0} record(s) set aside; see {Path.Combine(output, RejectsFile)}");
        }

        return ExitCodes.Success;
    }

    private static void WriteRejects(IReadOnlyList<Rejection> rejections, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        foreach (var rejection in rejections)
        {
            var problem = rejection.Problem;
            writer.WriteStartObject();
            writer.WriteString("file", problem.Location.File);
            writer.WriteNumber("line", problem.Location.Line);
            if (problem.Location.Field is { } field)
            {
                writer.WriteString("field", field);
            }

            writer.WriteString("kind", JsonNamingPolicy.SnakeCaseLower.ConvertName(problem.Kind.ToString()));
            writer.WriteString("reason", problem.Message);
            if (System.Text.Unicode.Utf8.IsValid(rejection.RawRecord.Span))
            {
                writer.WriteString("record", rejection.RawRecord.Span);
            }
            else
            {
                writer.WriteBase64String("record_base64", rejection.RawRecord.Span);
            }

            writer.WriteEndObject();
            writer.Flush();
            stream.WriteByte((byte)'\n');
            writer.Reset(stream);
        }
    }
}
