using System.CommandLine;
using DataSearch.Cli.Internal;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch pool</c>: import, inspect, check and export instruction pools.</summary>
internal static class PoolCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("pool", "Import instruction data into a canonical pool, and inspect, check or export pools.");
        command.Subcommands.Add(PoolImportCommand.Create(environment));
        command.Subcommands.Add(PoolStatsCommand.Create(environment));
        command.Subcommands.Add(PoolValidateCommand.Create(environment));
        command.Subcommands.Add(PoolExportCommand.Create(environment));
        return command;
    }
}
