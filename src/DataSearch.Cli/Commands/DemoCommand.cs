using System.CommandLine;
using DataSearch.Cli.Internal;
using DataSearch.Pool;
using DataSearch.Pool.Import;

namespace DataSearch.Cli.Commands;

/// <summary>
/// <c>datasearch demo</c>: the main job on the embedded default, needing no network, GPU or configuration.
/// It runs every stage that exists so far; each later capability adds its stage here.
/// </summary>
internal static class DemoCommand
{
    private const string ResourcePrefix = "demo-data/";

    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The run folder to write.",
            DefaultValueFactory = _ => Path.Combine("runs", "demo"),
        };
        var command = new Command("demo", """
            Run the whole pipeline on built-in data: import example files in every supported layout into
            a canonical pool, check it, and summarise it. Re-running replaces the previous demo run.
            """)
        {
            output,
        };
        command.SetAction(parsed => Execute(environment, parsed.GetRequiredValue(output)));
        return command;
    }

    private static int Execute(CliEnvironment environment, string runFolder)
    {
        var inputs = Path.Combine(runFolder, "inputs");
        var poolFolder = Path.Combine(runFolder, "pool");
        Stage(environment, 1, "write the built-in example data");
        var files = WriteExampleData(inputs);
        environment.Output.WriteLine($"{files.Count} files in {inputs}");

        Stage(environment, 2, "import them into a canonical pool");
        var result = ProgressDisplay.Run(environment, "import", progress =>
            new PoolImporter().Import(files, new ImportOptions(), progress, environment.Cancellation));
        var importedFrom = result.Files
            .Select(f => new ImportedFile(Path.GetFileName(f.Path), f.Format is { } known ? SourceFormatNames.Of(known) : null, f.Records, f.Imported, f.Rejected))
            .ToList();
        var manifest = PoolStore.Save(result.Pool, poolFolder, importedFrom, overwrite: true);
        foreach (var file in result.Files)
        {
            environment.Output.WriteLine($"  {Path.GetFileName(file.Path),-20} {SourceFormatNames.Of(file.Format!.Value),-18} {file.Imported} samples");
        }

        Stage(environment, 3, "validate the pool folder");
        var failed = PoolValidator.Validate(poolFolder, cancellationToken: environment.Cancellation).Where(c => !c.Passed).ToList();
        foreach (var check in failed)
        {
            environment.Error.WriteLine($"FAIL {check.Name}: {check.Detail}");
        }

        environment.Output.WriteLine(failed.Count == 0 ? "all checks passed" : $"{failed.Count} check(s) failed");

        Stage(environment, 4, "summarise it");
        return CliApp.Run(["pool", "stats", poolFolder], environment) is var code && code != ExitCodes.Success
            ? code
            : Finish(environment, manifest, poolFolder, failed.Count);
    }

    private static int Finish(CliEnvironment environment, PoolManifest manifest, string poolFolder, int failedChecks)
    {
        environment.Output.WriteLine($"Demo pool: {poolFolder} ({manifest.SampleCount} samples, hash {manifest.PoolHash[..16]}).");
        environment.Output.WriteLine("Next: import your own data with 'datasearch pool import FILES -o POOL'.");
        return failedChecks == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Stage(CliEnvironment environment, int number, string title)
    {
        environment.Output.WriteLine();
        environment.Output.WriteLine($"[{number}/4] {title}");
    }

    private static List<string> WriteExampleData(string folder)
    {
        Directory.CreateDirectory(folder);
        var assembly = typeof(DemoCommand).Assembly;
        var files = new List<string>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, name[ResourcePrefix.Length..]);
            using var resource = assembly.GetManifestResourceStream(name)!;
            DataSearch.IO.AtomicFile.Write(path, resource.CopyTo);
            files.Add(path);
        }

        return files;
    }
}
