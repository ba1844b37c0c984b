using DataSearch.Agents;
using Spectre.Console;

namespace DataSearch.Cli.Internal;

/// <summary>
/// What a command may touch of the outside world: its output streams, whether a person watches a
/// terminal, the clock, the cancellation signal and the endpoint variables. Tests build one over string
/// writers.
/// </summary>
public sealed class CliEnvironment
{
    public CliEnvironment(TextWriter output, TextWriter error, bool interactive, TimeProvider clock, CancellationToken cancellation)
    {
        Output = output;
        Error = error;
        Interactive = interactive;
        Clock = clock;
        Cancellation = cancellation;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Without a terminal nothing should wrap: a log line holds a whole path or message.
            Console.Profile.Width = 1000;
        }

        ErrorConsole = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }

    /// <summary>Results go here (tables, JSON).</summary>
    /// <summary>
    /// Reads the environment variables that locate an LLM endpoint (<c>OPENAI_BASE_URL</c>, …); tests
    /// point it at their own server without touching the process's environment.
    /// </summary>
    public Func<string, string?> Variables { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The names of the variables <see cref="Variables"/> can read (the process's by default).</summary>
    public Func<IEnumerable<string>> VariableNames { get; init; } = () => Environment.GetEnvironmentVariables().Keys.OfType<string>();

    /// <summary>Every secret of the environment (keys, tokens, passwords), to be masked in whatever an endpoint returns.</summary>
    public SecretRedactor Secrets => SecretRedactor.FromEnvironment(Variables, VariableNames());

    public TextWriter Output { get; }

    /// <summary>Progress, warnings and errors go here, so that results can be piped.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether a terminal is attached: live progress bars, colours.</summary>
    public bool Interactive { get; }

    /// <summary>The clock used for progress time stamps and rates.</summary>
    public TimeProvider Clock { get; }

    /// <summary>Signalled by Ctrl-C.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>A Spectre console over <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>A Spectre console over <see cref="Error"/>, where live progress is drawn.</summary>
    public IAnsiConsole ErrorConsole { get; }

    /// <summary>The environment of a real process: its console, Ctrl-C wired to cancellation.</summary>
    public static CliEnvironment FromConsole()
    {
        var cancellation = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) =>
        {
            // The first Ctrl-C asks the work to stop cleanly; a second one ends the process.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        };
        var interactive = !System.Console.IsErrorRedirected && !System.Console.IsOutputRedirected
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        return new CliEnvironment(System.Console.Out, System.Console.Error, interactive, TimeProvider.System, cancellation.Token);
    }

    /// <summary>This command line as the library's setup sees it: progress bars, notes on standard error, Ctrl-C.</summary>
    public DataSearch.Models.Setup.RunHost Host() => new(new ProgressStages(this), Error.WriteLine, Cancellation);
}
