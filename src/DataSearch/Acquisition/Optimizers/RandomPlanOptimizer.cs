using DataSearch.World;

namespace DataSearch.Acquisition.Optimizers;

/// <summary>
/// The random-plan baseline: for each task, one of the heuristic optimizer's plans drawn uniformly
/// (doing nothing included), never learning. Against it, the heuristic's score measures what its
/// learning adds over its plan space alone; the <see cref="RandomOptimizer"/> measures the plan space too.
/// </summary>
public sealed class RandomPlanOptimizer : ITrajectoryOptimizer
{
    public string Name => "random_plan";

    public IReadOnlyList<ProposedTrajectory> Propose(OptimizerInput input, int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Draw(input, random))];
    }

    public ProposedTrajectory Best(OptimizerInput input, ulong seed) => Draw(input, new DeterministicRandom(seed));

    public double? Learn(IReadOnlyList<TrajectoryRecord> results) => null;

    public string SaveState() => "{}";

    public void LoadState(string json)
    {
    }

    private static ProposedTrajectory Draw(OptimizerInput input, DeterministicRandom random)
    {
        var plans = HeuristicOptimizer.PlansFor(input);
        var label = random.Pick(plans.Keys.Order(StringComparer.Ordinal).ToList());
        return new ProposedTrajectory(plans[label].ToString(), label);
    }
}
