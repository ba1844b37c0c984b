using DataSearch.Randomness;

namespace DataSearch.Acquisition.Optimizers;

/// <summary>A baseline that draws each trajectory at random from its seed and learns nothing.</summary>
public abstract class RandomBaseline : ITrajectoryOptimizer
{
    public abstract string Name { get; }

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

    /// <summary>One trajectory for the task.</summary>
    protected abstract ProposedTrajectory Draw(OptimizerInput input, DeterministicRandom random);
}
