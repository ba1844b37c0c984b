namespace DataSearch.Acquisition.Optimizers;

/// <summary>
/// The best-fixed-plan baseline: for each task family (its category), the one plan of the heuristic's
/// menu that earned the highest mean reward on the family's development questions, applied unchanged to
/// every task of the family; it learns nothing during the run. The strongest competitor that does not
/// learn: a trained optimizer has to beat it to show that learning adds anything.
/// </summary>
/// <param name="chosen">The plan label per family, chosen on the development split (<c>AcquisitionLoop.ChooseFixedPlans</c>).</param>
/// <param name="overall">
/// Every plan by its mean reward over all development tasks, best first: a task of a family with no
/// choice (a held-out skill) gets the first of them that applies to it.
/// </param>
public sealed class FixedPlanOptimizer(IReadOnlyDictionary<string, string> chosen, IReadOnlyList<string>? overall = null) : ITrajectoryOptimizer
{
    /// <summary>The method's name in results.</summary>
    public const string Kind = "best_fixed_plan";

    public string Name => Kind;

    /// <summary>The plan label per family.</summary>
    public IReadOnlyDictionary<string, string> Chosen => chosen;

    /// <summary>Every plan by its mean reward over all development tasks, best first.</summary>
    public IReadOnlyList<string> Overall => overall ?? [];

    public IReadOnlyList<ProposedTrajectory> Propose(OptimizerInput input, int count, ulong seed) =>
        [.. Enumerable.Repeat(Best(input, seed), count)];

    /// <summary>
    /// The family's plan for this task; for a family with no choice, the best plan over all families that
    /// applies to the task; doing nothing when the family's plan does not apply or nothing does.
    /// </summary>
    public ProposedTrajectory Best(OptimizerInput input, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plans = HeuristicOptimizer.PlansFor(input);
        var label = chosen.TryGetValue(input.Category, out var own) ? own : Overall.FirstOrDefault(plans.ContainsKey);
        return label is not null && plans.TryGetValue(label, out var plan)
            ? new ProposedTrajectory(plan.ToString(), label)
            : new ProposedTrajectory(Trajectory.Empty.ToString(), "none");
    }

    public double? Learn(IReadOnlyList<TrajectoryRecord> results) => null;

    public string SaveState() => "{}";

    public void LoadState(string json)
    {
    }
}
