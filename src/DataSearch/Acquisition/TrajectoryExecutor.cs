using DataSearch.Text;

namespace DataSearch.Acquisition;

/// <summary>A sample dropped because it overlaps a benchmark question.</summary>
public sealed record RemovedSample(AcquiredSample Sample, string Benchmark);

/// <summary>What running one trajectory gave.</summary>
/// <param name="Calls">One outcome per call that ran (or failed), in order.</param>
/// <param name="Samples">Training samples kept after decontamination.</param>
/// <param name="Removed">Samples dropped for overlapping a benchmark.</param>
/// <param name="Skipped">Calls not run, each with the limit that stopped it.</param>
public sealed record Execution(IReadOnlyList<CallOutcome> Calls, IReadOnlyList<AcquiredSample> Samples, IReadOnlyList<RemovedSample> Removed, IReadOnlyList<string> Skipped)
{
    /// <summary>Cost units charged.</summary>
    public double Cost => Calls.Sum(c => c.Cost);

    /// <summary>Calls that failed (invalid or empty), with their reasons.</summary>
    public IEnumerable<string> Errors => Calls.Where(c => c.Error is not null).Select(c => $"{c.Call}: {c.Error}");
}

/// <summary>
/// Runs trajectories within their limits: a call that would pass <see cref="TrajectoryLimits.MaxCalls"/>
/// or could pass <see cref="TrajectoryLimits.MaxCost"/> is skipped (and reported), so no trajectory ever
/// overspends. Every sample is then checked against the benchmarks in use; overlapping ones are removed
/// and listed.
/// </summary>
public sealed class TrajectoryExecutor(AcquisitionApis apis, ContaminationIndex? contamination, ulong teacherSeed)
{
    /// <summary>
    /// Runs <paramref name="trajectory"/> for <paramref name="taskId"/> (whose <paramref name="instruction"/>
    /// the teacher reads passages for); <paramref name="onCall"/> sees each outcome as it happens (e.g. the cost ledger).
    /// </summary>
    public Execution Execute(Trajectory trajectory, string taskId, Action<int, CallOutcome>? onCall = null, CancellationToken cancellation = default, string instruction = "")
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var outcomes = new List<CallOutcome>();
        var skipped = new List<string>();
        var spent = 0.0;
        for (var i = 0; i < trajectory.Calls.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var call = trajectory.Calls[i];
            if (outcomes.Count >= apis.Limits.MaxCalls)
            {
                skipped.Add($"{call}: over limits.max_calls = {apis.Limits.MaxCalls}");
                continue;
            }

            var most = apis.MaximumCost(call);
            if (spent + most > apis.Limits.MaxCost + 1e-9)
            {
                skipped.Add($"{call}: could cost {most:0.##}, and {spent:0.##} of limits.max_cost = {apis.Limits.MaxCost:0.##} is spent");
                continue;
            }

            var outcome = apis.Call(call, taskId, i, teacherSeed, cancellation, instruction);
            spent += outcome.Cost;
            outcomes.Add(outcome);
            onCall?.Invoke(i, outcome);
        }

        var kept = new List<AcquiredSample>();
        var removed = new List<RemovedSample>();
        foreach (var outcome in outcomes)
        {
            for (var s = 0; s < outcome.Samples.Count; s++)
            {
                var sample = outcome.Samples[s];
                var text = outcome.Checked[s];
                if (contamination?.Match(text, $"{text} {sample.Response}") is { } benchmark)
                {
                    removed.Add(new RemovedSample(sample, benchmark));
                }
                else
                {
                    kept.Add(sample);
                }
            }
        }

        return new Execution(outcomes, kept, removed, skipped);
    }
}
