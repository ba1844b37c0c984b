using System.CommandLine;
using System.CommandLine.Help;
using DataSearch.Cli.Commands;
using DataSearch.Cli.Internal;
using DataSearch.Errors;

namespace DataSearch.Cli;

/// <summary>The <c>datasearch</c> command line: builds the command tree, runs the chosen command and maps errors to exit codes.</summary>
public static class CliApp
{
    /// <summary>Runs the command line <paramref name="args"/> and returns the process exit code.</summary>
    public static int Run(string[] args, CliEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var root = BuildCommands(environment);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                environment.Error.WriteLine($"error: {error.Message}");
            }

            var path = string.Join(' ', CommandPath(parsed.CommandResult));
            environment.Error.WriteLine($"Run '{path} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = environment.Output,
                Error = environment.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (InvalidInputException e)
        {
            environment.Error.WriteLine($"error: {e.TotalProblems:N0} problem(s) in the input; nothing was written.");
            foreach (var problem in e.Problems)
            {
                environment.Error.WriteLine($"  {problem}");
            }

            if (e.TotalProblems > e.Problems.Count)
            {
                environment.Error.WriteLine($"  ... and {e.TotalProblems - e.Problems.Count:N0} more");
            }

            environment.Error.WriteLine("Fix the records, or pass --on-error skip to import the good ones and list the bad ones in rejects.jsonl.");
            return ExitCodes.Failure;
        }
        catch (UsageException e)
        {
            environment.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (DataSearchException e)
        {
            environment.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            environment.Error.WriteLine("cancelled; nothing half-written was left behind.");
            return ExitCodes.Failure;
        }
    }

    // Not a RootCommand: that one names itself after the file that runs (DataSearch.Cli.dll under
    // `dotnet`), and help's usage lines should say what users type.
    private static Command BuildCommands(CliEnvironment environment)
    {
        var root = new Command(
            "datasearch",
            "DataSearch: find, select and generate the data language models are fine-tuned on.\n" +
            "Start with 'datasearch demo'; see docs/ for the user guide.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(DemoCommand.Create(environment));
        root.Subcommands.Add(PoolCommand.Create(environment));
        root.Subcommands.Add(WorldCommand.Create(environment));
        root.Subcommands.Add(EvalCommand.Create(environment));
        root.Subcommands.Add(SignalsCommand.Create(environment));
        root.Subcommands.Add(OperatorsCommand.Create(environment));
        root.Subcommands.Add(RecipeCommand.Create(environment));
        root.Subcommands.Add(SearchCommand.Create(environment));
        root.Subcommands.Add(CompareCommand.Create(environment));
        root.Subcommands.Add(AcquireCommand.Create(environment));
        root.Subcommands.Add(RetrieveCommand.Create(environment));
        root.Subcommands.Add(PolicyCommand.Create(environment));
        root.Subcommands.Add(ReportCommand.Create(environment));
        root.Subcommands.Add(ExportCommand.Create(environment));
        root.Subcommands.Add(AnswerCommand.Create(environment));
        root.Subcommands.Add(JudgeCommand.Create(environment));
        return root;
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(current.Parent is null ? "datasearch" : current.Command.Name);
        }

        return names;
    }
}
