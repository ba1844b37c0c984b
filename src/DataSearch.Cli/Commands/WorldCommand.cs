using System.CommandLine;
using System.Diagnostics;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.World;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch world generate --seed N -o DIR</c>: the built-in skill world.</summary>
internal static class WorldCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("world", "The built-in skill world: a generated pool with known pathologies, benchmarks with exact checkers, and an encyclopedia.");
        command.Subcommands.Add(CreateGenerate(environment));
        return command;
    }

    private static Command CreateGenerate(CliEnvironment environment)
    {
        var seed = new Option<ulong?>("--seed") { Description = "Everything in the world follows from this seed (default 1, or the config's seed)." };
        var config = new Option<string?>("--config", "-c") { Description = "A world config (world.yaml; docs/world.md): sources with sizes, pathology rates and skill shares, benchmark sizes, entities. Fields left out are the default world's." };
        var output = new Option<string>("--output", "-o") { Description = "The world folder to write.", Required = true };
        var small = new Option<bool>("--small") { Description = "A tenth of the default size (for quick tries and tests)." };
        var force = new Option<bool>("--force") { Description = "Replace a world already in the output folder." };
        var command = new Command("generate", """
            Generate the built-in skill world: a 24,000-sample pool from five sources (clean textbook data,
            a forum with wrong, truncated and bloated answers, chat logs full of small talk, scraped
            duplicates with mislabelled tags, puzzles of skills no benchmark asks for), the hidden ground
            truth, benchmarks per skill plus out-of-distribution and knowledge splits, target sample sets,
            an encyclopedia, and the oracle and noisy reference subsets.

            With --config, a world of your design (the zoo in examples/worlds/: no clean source,
            skill-specialised sources, heavy duplication, …).

            Example:
              datasearch world generate --seed 1 -o runs/world
              datasearch world generate --config examples/worlds/no-clean-source.yaml -o runs/no-clean
            """)
        {
            seed, config, output, small, force,
        };
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(config) is not null && parsed.GetValue(small))
            {
                throw new UsageException("--small and --config: choose one (a config may say `base: small`)");
            }

            var options = parsed.GetValue(config) is { } path
                ? WorldConfigFile.Read(path, parsed.GetValue(seed))
                : parsed.GetValue(small) ? WorldOptions.Small(parsed.GetValue(seed) ?? 1) : WorldOptions.Default(parsed.GetValue(seed) ?? 1);
            var folder = parsed.GetRequiredValue(output);
            var watch = Stopwatch.StartNew();
            var world = WorldGenerator.Generate(options);
            var manifest = WorldStore.Save(world, folder, parsed.GetValue(force));
            Describe(environment, manifest, folder, watch.Elapsed);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Describe(CliEnvironment environment, WorldManifest manifest, string folder, TimeSpan elapsed)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("pool sources and their (hidden) pathologies")
            .AddColumns("source", "pathology", "samples", "mislabelled tags");
        foreach (var count in manifest.Pathologies)
        {
            table.AddRow(count.Source, WorldGenerator.Name(count.Pathology), $"{count.Samples:N0}", $"{count.MislabelledTags:N0}");
        }

        environment.Console.Write(table);
        environment.Output.WriteLine($"benchmarks: {string.Join(", ", manifest.Benchmarks.Select(b => $"{b.Name} ({WorldGenerator.Name(b.Kind)}, {b.Items})"))}");
        environment.Output.WriteLine($"subsets: {string.Join(", ", manifest.Subsets.Select(s => $"{s.Key} ({s.Value:N0})"))}");
        environment.Output.WriteLine($"World {folder}: {manifest.Samples:N0} samples, seed {manifest.Seed}, pool hash {manifest.PoolHash[..16]}, made in {elapsed.TotalSeconds:0.0} s");
    }
}
