using System.Text.RegularExpressions;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

/// <summary>The command lines the README and docs/ show use only commands and flags the tool has.</summary>
public partial class DocumentedCommandLineTests
{
    // `datasearch` (or ./datasearch) and the words after it, then the rest of the line up to a code or table border.
    [GeneratedRegex(@"(?<![\w/-])(?:\./)?datasearch((?: [a-z][a-z-]*)+)([^\n`|]*)")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"(?<![\w-])(--[a-z][a-z0-9-]*)")]
    private static partial Regex Flag();

    // Quoted text is an argument (a command for an evaluator, a query), not the tool's own flags.
    [GeneratedRegex("\"[^\"]*\"|'[^']*'")]
    private static partial Regex Quoted();

    // An option line's names and aliases ("  --config, --environment <environment>  A search config …"), before its description.
    [GeneratedRegex(@"^  (-[^ ,]+(?:, -[^ ,]+)*)")]
    private static partial Regex OptionLine();

    [GeneratedRegex(@"^  ([a-z][a-z-]*)")]
    private static partial Regex CommandListLine();

    private readonly Dictionary<string, (HashSet<string> Flags, HashSet<string> Commands)> helps = new(StringComparer.Ordinal);

    /// <summary>The flags and subcommands <c>datasearch PATH --help</c> lists.</summary>
    private (HashSet<string> Flags, HashSet<string> Commands) Help(IReadOnlyList<string> path)
    {
        var key = string.Join(' ', path);
        if (!helps.TryGetValue(key, out var help))
        {
            var run = CliRunner.Run([.. path, "--help"]);
            help = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
            var section = string.Empty;
            foreach (var line in (run.Output + run.Error).Split('\n'))
            {
                if (!line.StartsWith(' ') && line.EndsWith(':'))
                {
                    section = line;
                }
                else if (section == "Options:" && OptionLine().Match(line) is { Success: true } option)
                {
                    help.Flags.UnionWith(option.Groups[1].Value.Split(", "));
                }
                else if (section == "Commands:" && CommandListLine().Match(line) is { Success: true } command)
                {
                    help.Commands.Add(command.Groups[1].Value);
                }
            }

            helps[key] = help;
        }

        return help;
    }

    [Fact]
    public void Every_documented_command_line_names_a_command_and_flags_it_has()
    {
        var repository = RepositoryFolder.Path;
        var checkedLines = 0;
        var unknown = new List<string>();
        foreach (var file in RepositoryFolder.Documentation())
        {
            // A shell line continued with a backslash is one command line.
            var text = File.ReadAllText(file).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (Match line in CommandLine().Matches(text))
            {
                var path = new List<string>();
                foreach (var word in line.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!Help(path).Commands.Contains(word))
                    {
                        break;
                    }

                    path.Add(word);
                }

                if (path.Count == 0)
                {
                    // In code (after a backtick, or opening a line of a code block) it names a command; elsewhere it is prose.
                    var before = text[..line.Index].TrimEnd(' ');
                    if (before.Length == 0 || before[^1] is '`' or '\n')
                    {
                        unknown.Add($"{Path.GetRelativePath(repository, file)}: datasearch {line.Groups[1].Value.Trim()} (no such command)");
                    }

                    continue;
                }

                checkedLines++;
                var flags = Help(path).Flags;
                foreach (Match flag in Flag().Matches(Quoted().Replace(line.Groups[2].Value, string.Empty)))
                {
                    if (!flags.Contains(flag.Value))
                    {
                        unknown.Add($"{Path.GetRelativePath(repository, file)}: datasearch {string.Join(' ', path)} {flag.Value}");
                    }
                }
            }
        }

        Assert.True(checkedLines > 100, $"only {checkedLines} documented command lines found: is the pattern still right?");
        Assert.True(unknown.Count == 0, "documented command lines the tool does not take:\n" + string.Join('\n', unknown.Distinct()));
    }
}
