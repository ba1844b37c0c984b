using System.Globalization;
using System.Text;

namespace DataSearch.Acquisition;

/// <summary>
/// Parses the trajectory language: calls separated by <c>;</c> or new lines, each
/// <c>name(argument, …)</c>, where an argument is a double-quoted string (escapes <c>\" \\ \n \t</c>) or
/// an integer. Anything else is reported with its line, column and what was expected. Which APIs exist
/// and what arguments they take is checked when the trajectory runs, not here.
/// </summary>
public sealed class TrajectoryParser
{
    private readonly string text;
    private int position;

    private TrajectoryParser(string text)
    {
        this.text = text;
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="TrajectorySyntaxException">The text is not a trajectory.</exception>
    public static Trajectory Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TrajectoryParser(text).Trajectory();
    }

    /// <summary>Parses <paramref name="text"/>, or returns null and the reason.</summary>
    public static Trajectory? TryParse(string text, out TrajectorySyntaxException? error)
    {
        try
        {
            error = null;
            return Parse(text);
        }
        catch (TrajectorySyntaxException e)
        {
            error = e;
            return null;
        }
    }

    private Trajectory Trajectory()
    {
        var calls = new List<ApiCall>();
        SkipSeparators();
        while (position < text.Length)
        {
            calls.Add(Call());
            SkipSpaces();
            if (position < text.Length && text[position] is not (';' or '\n'))
            {
                throw Error($"expected ';' or a new line after the call, found {Describe(position)}");
            }

            SkipSeparators();
        }

        return new Trajectory(calls);
    }

    private ApiCall Call()
    {
        var start = position;
        if (!char.IsAsciiLetter(text[position]) && text[position] != '_')
        {
            throw Error($"expected an API name, found {Describe(position)}");
        }

        while (position < text.Length && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
        {
            position++;
        }

        var name = text[start..position];
        SkipSpaces();
        Expect('(', $"expected '(' after '{name}'");
        var arguments = new List<ApiArgument>();
        SkipSpaces();
        if (Peek() == ')')
        {
            position++;
            return new ApiCall(name, arguments, start);
        }

        while (true)
        {
            SkipSpaces();
            arguments.Add(Argument());
            SkipSpaces();
            if (Peek() == ',')
            {
                position++;
                continue;
            }

            Expect(')', $"expected ',' or ')' in the arguments of '{name}'");
            return new ApiCall(name, arguments, start);
        }
    }

    private ApiArgument Argument()
    {
        var c = Peek();
        if (c == '"')
        {
            return ApiArgument.Of(StringLiteral());
        }

        if (c is not null && (char.IsAsciiDigit(c.Value) || c == '-'))
        {
            var start = position;
            position++;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }

            if (!long.TryParse(text.AsSpan(start, position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                position = start;
                throw Error($"'{text[start..Math.Min(text.Length, start + 24)]}' is not an integer");
            }

            return ApiArgument.Of(number);
        }

        throw Error($"expected a quoted string or an integer, found {Describe(position)}");
    }

    private string StringLiteral()
    {
        var start = position;
        position++;
        var value = new StringBuilder();
        while (position < text.Length)
        {
            var c = text[position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c == '\\')
            {
                if (position >= text.Length)
                {
                    break;
                }

                var escaped = text[position++];
                value.Append(escaped switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    'n' => '\n',
                    't' => '\t',
                    _ => throw ErrorAt(position - 2, $"unknown escape '\\{escaped}' (allowed: \\\" \\\\ \\n \\t)"),
                });
                continue;
            }

            value.Append(c);
        }

        throw ErrorAt(start, "unterminated string: no closing '\"'");
    }

    private void Expect(char expected, string message)
    {
        if (Peek() != expected)
        {
            throw Error($"{message}, found {Describe(position)}");
        }

        position++;
    }

    private char? Peek() => position < text.Length ? text[position] : null;

    private void SkipSpaces()
    {
        while (position < text.Length && text[position] is ' ' or '\t' or '\r')
        {
            position++;
        }
    }

    private void SkipSeparators()
    {
        while (position < text.Length && (char.IsWhiteSpace(text[position]) || text[position] == ';'))
        {
            position++;
        }
    }

    private string Describe(int at) => at >= text.Length ? "the end of the text" : $"'{text[at]}'";

    private TrajectorySyntaxException Error(string reason) => ErrorAt(position, reason);

    private TrajectorySyntaxException ErrorAt(int offset, string reason)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < Math.Min(offset, text.Length); i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TrajectorySyntaxException(offset, line, offset - lineStart + 1, reason);
    }
}
