using DataSearch.Cli;
using DataSearch.Cli.Internal;

namespace DataSearch.Tests.Support;

/// <summary>Runs the <c>datasearch</c> command line in-process, capturing what it prints.</summary>
public static class CliRunner
{
    public static CliRun Run(params string[] args) => Run(args, variables: null);

    /// <summary>Runs with <paramref name="variables"/> as the only environment variables the command reads endpoints from (the process environment when null).</summary>
    public static CliRun Run(string[] args, IReadOnlyDictionary<string, string>? variables)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment(output, error, interactive: false, TimeProvider.System, CancellationToken.None)
        {
            Variables = variables is null ? Environment.GetEnvironmentVariable : name => variables.GetValueOrDefault(name),
            VariableNames = variables is null ? () => Environment.GetEnvironmentVariables().Keys.OfType<string>() : () => variables.Keys,
        };
        var exitCode = CliApp.Run(args, environment);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>The outcome of one command line.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error);
