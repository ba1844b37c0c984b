using System.CommandLine;
using DataSearch.Extensions;

namespace DataSearch.Cli.Internal;

/// <summary>The <c>--extension PATH</c> option (repeatable), combined with <c>EXTENSION_MODULES</c>.</summary>
internal static class ExtensionOption
{
    public static Option<string[]> Create() => new("--extension")
    {
        Description = $"An extension assembly to load (repeatable); {ExtensionSet.EnvironmentVariable} lists more.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static ExtensionSet Load(CliEnvironment environment, ParseResult parsed, Option<string[]> option)
    {
        var set = ExtensionSet.Load(ExtensionSet.FromEnvironment().Concat(parsed.GetValue(option) ?? []));
        foreach (var path in set.Loaded)
        {
            environment.Error.WriteLine($"extension loaded: {path}");
        }

        return set;
    }
}
