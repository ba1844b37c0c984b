namespace DataSearch.Acquisition.Optimizers;

/// <summary>
/// The best-fixed-plan baseline: for each task family (its category), the one plan of the heuristic's
/// menu that earned the highest mean reward on the family's development questions, applied unchanged to
/// every task of the family; it learns nothing during the run. The strongest competitor that does not
/// learn: a trained optimizer has to beat it to show that learning adds anything.
/// </summary>
/// <param name="chosen">The plan label per family, chosen on the development split (<c>AcquisitionLoop.ChooseFixedPlans</c>).</param>
public sealed class FixedPlanOptimizer(IReadOnlyDictionary<string, string> chosen) : ITrajectoryOptimizer
{
    /// <summary>The method's name in results.</summary>
    public const string Kind = "best_fixed_plan";

    /// <summary>The key of the plan for a family no training task belongs to (chosen over every training task).</summary>
    public const string AnyFamily = "*";

    public string Name => Kind;

    /// <summary>The plan label per family.</summary>
    public IReadOnlyDictionary<string, string> Chosen => chosen;

    public IReadOnlyList<ProposedTrajectory> Propose(OptimizerInput input, int count, ulong seed) =>
        [.. Enumerable.Repeat(Best(input, seed), count)];

    /// <summary>The family's plan for this task (the plan over all families when its family has none); doing nothing when there is no choice or the plan does not apply to this task.</summary>
    public ProposedTrajectory Best(OptimizerInput input, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plans = HeuristicOptimizer.PlansFor(input);
        return (chosen.TryGetValue(input.Category, out var label) || chosen.TryGetValue(AnyFamily, out label)) && plans.TryGetValue(label, out var plan)
            ? new ProposedTrajectory(plan.ToString(), label)
            : new ProposedTrajectory(Trajectory.Empty.ToString(), "none");
    }

    public double? Learn(IReadOnlyList<TrajectoryRecord> results) => null;

    public string SaveState() => "{}";

    public void LoadState(string json)
    {
    }
}
