namespace DataSearch.Signals;

/// <summary>
/// One value per pool sample, in pool order. Scores are floats with <see cref="float.NaN"/> for
/// "missing" (e.g. a sample with no response has no IFD); cluster columns hold an integer cluster id.
/// </summary>
/// <param name="Name">The signal name (<c>chars</c>, <c>ifd</c>, <c>relevance:gsm8k</c>, …).</param>
/// <param name="Values">Per-sample scores; null for a cluster column.</param>
/// <param name="Clusters">Per-sample cluster ids; null for a score column.</param>
public sealed record SignalColumn(string Name, float[]? Values, int[]? Clusters)
{
    /// <summary>A column of scores.</summary>
    public static SignalColumn OfScores(string name, float[] values) => new(name, values, null);

    /// <summary>A column of cluster ids (samples in one cluster share the id).</summary>
    public static SignalColumn OfClusters(string name, int[] clusters) => new(name, null, clusters);

    /// <summary>Whether this column holds cluster ids.</summary>
    public bool IsCluster => Clusters is not null;

    /// <summary>The number of samples covered.</summary>
    public int Count => Values?.Length ?? Clusters!.Length;
}
