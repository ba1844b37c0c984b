using System.CommandLine;
using System.Globalization;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Models.Setup;
using DataSearch.Signals;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch signals import FILE --name NAME</c>: per-sample scores of your own models as signal columns.</summary>
internal static class SignalsImportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var location = SignalsCommand.Location.Create();
        var file = new Argument<string>("file") { Description = "A JSONL or Parquet file: one record per sample, its sample_id and one or more numeric scores." };
        var name = new Option<string>("--name", "-n") { Description = "The signal's name: the column (one field) or the columns' prefix (NAME:FIELD).", Required = true };
        var fields = new Option<string[]>("--fields") { Description = "The score fields to import (default: every numeric field of the first record).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("import", """
            Import per-sample scores computed elsewhere (DEITA complexity or quality, IFD from a large
            model, reward-model scores) as signal columns that every filter operator and the search can use
            (e.g. score_filter with signal: NAME). Records are keyed by sample_id; a sample the file does not
            score gets no value. A record without an id, a duplicate or unknown id and a non-numeric score are
            errors naming the file, line and field, and nothing is written. Cached in POOL/signals as
            import-NAME.sig; importing the same name again replaces it.

            Examples:
              datasearch signals import deita.jsonl --name deita --pool pool
              datasearch signals import rewards.parquet --name reward --fields score --environment search.yaml
            """)
        {
            file, name, fields,
        };
        foreach (var option in location.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var signalName = parsed.GetRequiredValue(name);
            var setup = location.Resolve(environment, parsed);
            var imported = SignalImport.Read(parsed.GetRequiredValue(file), signalName, setup.Pool, parsed.GetValue(fields));
            Save(environment, setup, imported, signalName);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Caches an imported block beside the computed ones (refusing a column name a computed signal has) and prints its coverage.</summary>
    public static void Save(CliEnvironment environment, SignalSetup setup, SignalImport.Result imported, string signalName)
    {
        var store = new SignalStore(setup.SignalFolder);
        var clashes = store.Load(setup.PoolHash, setup.Pool.Count).Signals.Blocks.Values
            .Where(b => b.Provider != imported.Block.Provider)
            .SelectMany(b => b.Columns.Select(c => (c.Name, b.Provider)))
            .Where(c => imported.Block.Columns.Any(i => i.Name == c.Name))
            .ToList();
        if (clashes.Count > 0)
        {
            throw new UsageException($"--name: {string.Join(", ", clashes.Select(c => $"'{c.Name}' is already a column of {c.Provider}"))}; choose another name");
        }

        Directory.CreateDirectory(setup.SignalFolder);
        var path = Path.Combine(setup.SignalFolder, SignalImport.FileName(signalName));
        SignalFile.Write(path, imported.Block, setup.PoolHash, setup.Pool.Count);

        var table = new Table().Border(TableBorder.Rounded).Title($"imported {imported.Rows:N0} records into {Markup.Escape(path)}")
            .AddColumns("column", "samples scored", "coverage", "min", "median", "max");
        foreach (var column in imported.Block.Columns)
        {
            var values = column.Values!.Where(v => !float.IsNaN(v)).Order().ToArray();
            string Format(float v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            table.AddRow(
                Markup.Escape(column.Name),
                $"{values.Length:N0}",
                $"{100.0 * values.Length / setup.Pool.Count:0.0}%",
                values.Length > 0 ? Format(values[0]) : "–",
                values.Length > 0 ? Format(values[values.Length / 2]) : "–",
                values.Length > 0 ? Format(values[^1]) : "–");
        }

        environment.Console.Write(table);
        var unscored = setup.Pool.Count - imported.Scored.Values.Max();
        if (unscored > 0)
        {
            environment.Error.WriteLine($"note: {unscored:N0} of the pool's {setup.Pool.Count:N0} samples have no score; filters drop them unless keep_missing_scores: true");
        }
    }
}
