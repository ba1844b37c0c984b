using DataSearch.Errors;

namespace DataSearch.Acquisition;

/// <summary>Trajectory text that does not parse: where (offset, line, column) and why.</summary>
public sealed class TrajectorySyntaxException : DataSearchException
{
    public TrajectorySyntaxException(int offset, int line, int column, string reason)
        : base($"trajectory line {line}, column {column}: {reason}")
    {
        Offset = offset;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>Zero-based character offset of the problem.</summary>
    public int Offset { get; }

    /// <summary>One-based line.</summary>
    public int Line { get; }

    /// <summary>One-based column.</summary>
    public int Column { get; }

    /// <summary>What was expected or what is wrong.</summary>
    public string Reason { get; }
}
