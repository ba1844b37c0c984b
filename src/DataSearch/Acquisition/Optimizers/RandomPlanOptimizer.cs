using DataSearch.Randomness;

namespace DataSearch.Acquisition.Optimizers;

/// <summary>
/// The random-plan baseline: for each task, one of the heuristic optimizer's plans drawn uniformly
/// (doing nothing included), never learning. Against it, the heuristic's reward measures what its
/// learning adds to its plan space; <see cref="RandomOptimizer"/> draws calls outside any plan.
/// </summary>
public sealed class RandomPlanOptimizer : RandomBaseline
{
    public override string Name => "random_plan";

    protected override ProposedTrajectory Draw(OptimizerInput input, DeterministicRandom random)
    {
        var plans = HeuristicOptimizer.PlansFor(input);
        var label = random.Pick(plans.Keys.Order(StringComparer.Ordinal).ToList());
        return new ProposedTrajectory(plans[label].ToString(), label);
    }
}
