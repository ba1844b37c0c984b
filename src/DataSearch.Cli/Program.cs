using DataSearch.Cli;
using DataSearch.Cli.Internal;

return CliApp.Run(args, CliEnvironment.FromConsole());
