namespace DataSearch.Acquisition.Optimizers;

/// <summary>
/// A baseline that always writes the same shape of trajectory and learns nothing:
/// <c>no_data</c> (no calls), <c>call_everything</c> (every API at its maximum) or
/// <c>retrieval_only</c> (the instruction as a query, maximum k).
/// </summary>
public sealed class FixedOptimizer : ITrajectoryOptimizer
{
    private readonly Func<OptimizerInput, Trajectory> plan;

    private FixedOptimizer(string name, Func<OptimizerInput, Trajectory> plan)
    {
        Name = name;
        this.plan = plan;
    }

    public static FixedOptimizer NoData { get; } = new("no_data", _ => Trajectory.Empty);

    public static FixedOptimizer CallEverything { get; } = new("call_everything", Plans.CallEverything);

    public static FixedOptimizer RetrievalOnly { get; } = new("retrieval_only", input => Plans.RetrieveInstruction(input, input.Limits.MaxK));

    /// <summary>The task's category demonstrated by the teacher, as many pairs as the limits allow: no retrieval, no answers.</summary>
    public static FixedOptimizer DemonstrationsOnly { get; } = new("demonstrations_only", input => Plans.Demonstrate(input, input.Limits.MaxN));

    public string Name { get; }

    public IReadOnlyList<ProposedTrajectory> Propose(OptimizerInput input, int count, ulong seed) =>
        [.. Enumerable.Repeat(Best(input, seed), count)];

    public ProposedTrajectory Best(OptimizerInput input, ulong seed) => new(plan(input).ToString(), Name);

    public double? Learn(IReadOnlyList<TrajectoryRecord> results) => null;

    public string SaveState() => "{}";

    public void LoadState(string json)
    {
    }
}
