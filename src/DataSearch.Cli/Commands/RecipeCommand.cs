using System.CommandLine;
using System.Globalization;
using DataSearch.Cli.Internal;
using DataSearch.Recipes;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch recipe validate|run</c>.</summary>
internal static class RecipeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("recipe", "Check and run recipes: ordered operator steps that select a subset of a pool.");
        command.Subcommands.Add(Validate(environment));
        command.Subcommands.Add(Run(environment));
        return command;
    }

    private static Command Validate(CliEnvironment environment)
    {
        var recipe = new Argument<string>("recipe") { Description = "A recipe file (YAML or JSON)." };
        var location = SignalsCommand.Location.Create();
        var extensions = ExtensionOption.Create();
        var command = new Command("validate", """
            Check a recipe against the operator registry: unknown operators, unknown parameters, values of
            the wrong type or out of range, inconsistent settings. With --world or --pool it also checks
            that every signal the recipe needs has been computed. Every problem names the file, line,
            step and parameter.

            Examples:
              datasearch recipe validate examples/recipes/clean-relevant.yaml
              datasearch recipe validate my.yaml --world runs/world
            """)
        {
            recipe, extensions,
        };
        foreach (var option in location.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var parsedRecipe = RecipeReader.ReadFile(parsed.GetRequiredValue(recipe));
            var registry = ExtensionOption.Load(environment, parsed, extensions).Registry;
            var signals = location.NamesData(parsed)
                ? location.Resolve(environment, parsed).LoadSignals(environment.Error.WriteLine)
                : null;
            RecipeValidator.ThrowIfInvalid(parsedRecipe, registry, signals);
            environment.Output.WriteLine($"{parsed.GetRequiredValue(recipe)}: valid ({parsedRecipe.Steps.Count} steps{(signals is null ? "; signals not checked: give --world or --pool" : ", signals available")})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Run(CliEnvironment environment)
    {
        var recipe = new Argument<string>("recipe") { Description = "A recipe file (YAML or JSON)." };
        var location = SignalsCommand.Location.Create();
        var seed = new Option<ulong?>("--seed") { Description = "Overrides the recipe's seed." };
        var output = new Option<string>("--output", "-o") { Description = "The output folder.", Required = true };
        var extensions = ExtensionOption.Create();
        var command = new Command("run", """
            Run a recipe on a pool with its cached signals, and write to the output folder: subset.ids,
            trace.json (per step: in/out counts, time, hash, details), state_vector.json, recipe.json and
            manifest.json (recipe, pool and subset hashes, signal versions). The same recipe, pool, signals
            and seed always give the same subset.ids, byte for byte.

            Examples:
              datasearch recipe run examples/recipes/clean-relevant.yaml --world runs/world -o runs/clean
              datasearch recipe run r.yaml --pool pool --benchmarks bench/ --seed 3 -o out
            """)
        {
            recipe, seed, output, extensions,
        };
        foreach (var option in location.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            var path = parsed.GetRequiredValue(recipe);
            var parsedRecipe = RecipeReader.ReadFile(path);
            if (parsed.GetValue(seed) is { } overridden)
            {
                parsedRecipe = parsedRecipe with { Seed = overridden };
            }

            var extensionSet = ExtensionOption.Load(environment, parsed, extensions);
            var setup = location.Resolve(environment, parsed);
            var signals = setup.LoadSignals(environment.Error.WriteLine);
            var context = new RecipeContext(setup.Pool, signals, extensionSet.Registry)
            {
                Hooks = extensionSet.Hooks,
                Benchmarks = setup.Benchmarks,
                BaseFolder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".",
                Cancellation = environment.Cancellation,
            };
            var result = RecipeExecutor.Run(parsedRecipe, context);
            var state = StateVector.Of(result.Selection, setup.Pool, signals);
            var manifest = RecipeRunFolder.Write(parsed.GetRequiredValue(output), parsedRecipe, result, setup.Pool, setup.PoolHash, signals, state);
            if (extensionSet.CatalogPatched)
            {
                IO.AtomicFile.WriteAllText(Path.Combine(parsed.GetRequiredValue(output), "operator_catalog.extended.yaml"), extensionSet.Catalog.ToYaml());
            }
            Render(environment, result, manifest);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(CliEnvironment environment, RecipeResult result, RecipeRunFolder.Manifest manifest)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "operator", "in", "out", "ms");
        foreach (var step in result.Trace)
        {
            table.AddRow(Markup.Escape(step.Path), step.Op, step.In.ToString("N0", CultureInfo.InvariantCulture), step.Out.ToString("N0", CultureInfo.InvariantCulture), step.Milliseconds.ToString("0.0", CultureInfo.InvariantCulture));
        }

        environment.Console.Write(table);
        environment.Output.WriteLine($"selected {manifest.SubsetSamples:N0} of {manifest.PoolSamples:N0} samples in {result.Milliseconds:0.0} ms; subset sha256 {manifest.SubsetSha256[..16]}…");
    }
}
