using System.Diagnostics;

namespace DataSearch.Models.Acquisition;

/// <summary>Where an acquisition run's time goes: API calls, policy updates, and decoding (analysis and scoring).</summary>
public sealed class AcquisitionTimings
{
    /// <summary>Running trajectories: API calls, cache, decontamination.</summary>
    public double ApiSeconds { get; private set; }

    /// <summary>Fine-tuning: per-trajectory updates and end-of-iteration policy updates.</summary>
    public double UpdateSeconds { get; private set; }

    /// <summary>Decoding: probe analysis and dev/test scoring.</summary>
    public double DecodeSeconds { get; private set; }

    internal T Api<T>(Func<T> work) => Measure(work, s => ApiSeconds += s);

    internal T Update<T>(Func<T> work) => Measure(work, s => UpdateSeconds += s);

    internal T Decode<T>(Func<T> work) => Measure(work, s => DecodeSeconds += s);

    private static T Measure<T>(Func<T> work, Action<double> add)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return work();
        }
        finally
        {
            add(watch.Elapsed.TotalSeconds);
        }
    }
}
