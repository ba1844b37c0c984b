using System.Globalization;
using System.Text;

namespace DataSearch.Acquisition;

/// <summary>One argument of an API call: a string or an integer.</summary>
/// <param name="Text">The string value, or null for an integer.</param>
/// <param name="Number">The integer value when <paramref name="Text"/> is null.</param>
public readonly record struct ApiArgument(string? Text, long Number)
{
    public static ApiArgument Of(string text) => new(text, 0);

    public static ApiArgument Of(long number) => new(null, number);

    public bool IsText => Text is not null;

    /// <summary>The argument as the trajectory language writes it: a quoted, escaped string or a number.</summary>
    public override string ToString() => Text is null ? Number.ToString(CultureInfo.InvariantCulture) : Quote(Text);

    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}

/// <summary>One call of a trajectory, e.g. <c>retrieve("capital of Veloria", 3)</c>.</summary>
/// <param name="Api">The API's name as written.</param>
/// <param name="Arguments">Its arguments, in order.</param>
/// <param name="Offset">Where the call starts in the trajectory's text (0 when built in code).</param>
public sealed record ApiCall(string Api, IReadOnlyList<ApiArgument> Arguments, int Offset = 0)
{
    public override string ToString() => $"{Api}({string.Join(", ", Arguments)})";
}

/// <summary>An ordered list of API calls: what an optimizer writes for one task.</summary>
public sealed record Trajectory(IReadOnlyList<ApiCall> Calls)
{
    public static Trajectory Empty { get; } = new([]);

    /// <summary>The trajectory in its own language; parsing it gives the same calls back.</summary>
    public override string ToString() => string.Join("; ", Calls);
}
