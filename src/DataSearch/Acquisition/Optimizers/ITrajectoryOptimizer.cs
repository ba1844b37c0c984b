using DataSearch.Environments;
namespace DataSearch.Acquisition.Optimizers;

/// <summary>What an optimizer may see of a task: never its dev or test questions.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Instruction">What it asks.</param>
/// <param name="Category">Its tag.</param>
/// <param name="Probes">The probe questions (without answers).</param>
/// <param name="Analysis">What the policy lacks.</param>
/// <param name="Limits">How far a trajectory may go.</param>
/// <param name="Costs">What calls cost.</param>
public sealed record OptimizerInput(string TaskId, string Instruction, string Category, IReadOnlyList<string> Probes, TaskAnalysis Analysis, TrajectoryLimits Limits, ApiCosts Costs)
{
    /// <summary>The visible part of <paramref name="task"/>.</summary>
    public static OptimizerInput Of(AcquisitionTask task, TaskAnalysis analysis, TrajectoryLimits limits, ApiCosts costs)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new(task.Id, task.Instruction, task.Category, [.. task.Probes.Select(p => p.Prompt)], analysis, limits, costs);
    }
}

/// <summary>A trajectory an optimizer proposes, with its plan label (used to learn which plans pay).</summary>
public sealed record ProposedTrajectory(string Text, string? Plan);

/// <summary>Writes trajectories for tasks and learns from their rewards.</summary>
public interface ITrajectoryOptimizer
{
    /// <summary>The kind, as configured: heuristic, random, call_everything, …</summary>
    string Name { get; }

    /// <summary><paramref name="count"/> trajectories to try for one task while learning (exploration allowed).</summary>
    IReadOnlyList<ProposedTrajectory> Propose(OptimizerInput input, int count, ulong seed);

    /// <summary>The one trajectory it would run now for the task (no exploration).</summary>
    ProposedTrajectory Best(OptimizerInput input, ulong seed);

    /// <summary>Learns from rewarded trajectories; returns a loss-like figure for the metrics (or null).</summary>
    double? Learn(IReadOnlyList<TrajectoryRecord> results);

    /// <summary>What it has learned, as JSON (checkpointed with the policy).</summary>
    string SaveState();

    /// <summary>Restores <see cref="SaveState"/>'s output.</summary>
    void LoadState(string json);
}
