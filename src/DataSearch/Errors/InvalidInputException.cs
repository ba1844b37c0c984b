namespace DataSearch.Errors;

/// <summary>Input data that cannot be accepted; carries every problem found, not just the first.</summary>
public sealed class InvalidInputException : DataSearchException
{
    /// <summary>Creates the exception from the problems found (at least one).</summary>
    public InvalidInputException(IReadOnlyList<InputProblem> problems, long totalProblems)
        : base(Summarise(problems, totalProblems))
    {
        Problems = problems;
        TotalProblems = totalProblems;
    }

    /// <summary>Creates the exception for a single problem.</summary>
    public InvalidInputException(InputProblem problem)
        : this([problem], 1)
    {
    }

    /// <summary>The problems kept for reporting (capped); <see cref="TotalProblems"/> counts all of them.</summary>
    public IReadOnlyList<InputProblem> Problems { get; }

    /// <summary>How many problems were found in all, including those not kept.</summary>
    public long TotalProblems { get; }

    private static string Summarise(IReadOnlyList<InputProblem> problems, long total)
    {
        if (problems.Count == 0)
        {
            throw new ArgumentException("At least one problem is required.", nameof(problems));
        }

        var lines = problems.Select(p => p.ToString()).ToList();
        if (total > problems.Count)
        {
            lines.Add($"... and {total - problems.Count} more");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
