using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataSearch.Cli.Internal;
using DataSearch.Recipes;
using Spectre.Console;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch operators list</c>: the registry with every parameter.</summary>
internal static class OperatorsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("operators", "Inspect the operators recipes are made of.");
        var json = new Option<bool>("--json") { Description = "Print the registry as JSON." };
        var extensions = ExtensionOption.Create();
        var list = new Command("list", """
            List every registered operator with its kind, version, description and parameters (type,
            range or choices, default).

            Example:
              datasearch operators list
            """)
        {
            json, extensions,
        };
        list.SetAction(parsed =>
        {
            var registry = ExtensionOption.Load(environment, parsed, extensions).Registry;
            if (parsed.GetValue(json))
            {
                var described = registry.All.Select(op => new
                {
                    name = op.Name,
                    version = op.Version,
                    kind = op.Kind.ToString().ToLowerInvariant(),
                    description = op.Description,
                    @params = op.Parameters.Select(p => new { name = p.Name, type = p.TypeName, @default = p.Default, min = p.Min, max = p.Max, choices = p.Choices, required = p.Required, description = p.Description }),
                });
                environment.Output.WriteLine(JsonSerializer.Serialize(described, CliJson.Options));
                return ExitCodes.Success;
            }

            foreach (var op in registry.All)
            {
                var table = new Table().Border(TableBorder.Simple)
                    .Title($"[bold]{op.Name}[/] v{op.Version} ({op.Kind.ToString().ToLowerInvariant()})")
                    .Caption(Markup.Escape(op.Description))
                    .AddColumns("parameter", "type", "range / choices", "default", "description");
                foreach (var p in op.Parameters)
                {
                    var range = p.Choices is not null ? string.Join(" | ", p.Choices) : p.Min is not null || p.Max is not null ? $"[{Format(p.Min)}, {Format(p.Max)}]" : string.Empty;
                    table.AddRow(p.Name, Markup.Escape(p.TypeName), Markup.Escape(range), Markup.Escape(p.Required ? "(required)" : ParameterSpec.Describe(p.Default)), Markup.Escape(p.Description));
                }

                environment.Console.Write(table);
            }

            return ExitCodes.Success;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(Catalog(environment));
        return command;
    }

    private static Command Catalog(CliEnvironment environment)
    {
        var extensions = ExtensionOption.Create();
        var output = new Option<string?>("--output", "-o") { Description = "Write the catalog to this file instead of printing it." };
        var command = new Command("catalog", """
            Print the operator catalog search agents read (OPERATOR_CATALOG, or the shipped
            examples/recipes/operator_catalog.yaml) with every extension's patch merged, after checking that
            it agrees with the registry.

            Example:
              datasearch operators catalog --extension my.dll -o catalog.yaml
            """)
        {
            extensions, output,
        };
        command.SetAction(parsed =>
        {
            var set = ExtensionOption.Load(environment, parsed, extensions);
            var problems = set.Catalog.Check(set.Registry);
            if (problems.Count > 0)
            {
                throw new Errors.InvalidConfigurationException("operator catalog", problems);
            }

            var yaml = set.Catalog.ToYaml();
            if (parsed.GetValue(output) is { } path)
            {
                IO.AtomicFile.WriteAllText(path, yaml);
            }
            else
            {
                environment.Output.Write(yaml);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}
