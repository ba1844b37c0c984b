using DataSearch.Errors;

namespace DataSearch.Pool.Import;

/// <summary>Counts every problem and keeps the first few for the report, so a huge broken file cannot exhaust memory.</summary>
internal sealed class ProblemCollector(int maxKept)
{
    private readonly List<InputProblem> kept = [];

    public IReadOnlyList<InputProblem> Kept => kept;

    public long Total { get; private set; }

    public void Add(InputProblem problem)
    {
        Total++;
        if (kept.Count < maxKept)
        {
            kept.Add(problem);
        }
    }
}
