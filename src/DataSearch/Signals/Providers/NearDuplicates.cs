using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Text;

namespace DataSearch.Signals.Providers;

/// <summary>
/// <c>near_dup</c>: near-duplicate clusters by MinHash LSH over word shingles of all messages (see
/// <see cref="MinHasher"/> and <see cref="LshClustering"/>).
/// </summary>
/// <param name="settings">Shingle size, signature length, threshold and banding.</param>
public sealed class NearDuplicates(NearDuplicateSettings settings) : ISignalProvider
{
    /// <summary>With the default settings (5-word shingles, 128 permutations, threshold 0.8).</summary>
    public NearDuplicates()
        : this(new NearDuplicateSettings())
    {
    }

    /// <inheritdoc />
    public string Name => "near_dup";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => settings.Key;

    /// <summary>MinHash signatures of every sample, row-major.</summary>
    public static uint[] Signatures(SamplePool pool, MinHasher hasher, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(hasher);
        var width = hasher.Permutations;
        var signatures = new uint[(long)pool.Count * width];
        var done = 0;
        Parallel.For(0, pool.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
        {
            hasher.Sign(SampleText.Full(pool, i), signatures.AsSpan(i * width, width));
            if ((Interlocked.Increment(ref done) & 4095) == 0)
            {
                progress?.Report(new ProgressReport("MinHash signatures", done, pool.Count, "samples"));
            }
        });
        return signatures;
    }

    /// <summary>Cluster ids under <paramref name="settings"/>; <paramref name="signatures"/> may supply signatures computed before with the same shingles and permutations.</summary>
    public static int[] Clusters(SamplePool pool, NearDuplicateSettings settings, IProgress<ProgressReport>? progress, CancellationToken cancellation, uint[]? signatures = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        signatures ??= Signatures(pool, new MinHasher(settings.NgramSize, settings.Permutations), progress, cancellation);
        var (bands, rows) = settings.Banding();
        progress?.Report(new ProgressReport("LSH clustering", 0, null, "samples"));
        return LshClustering.Cluster(signatures, settings.Permutations, bands, rows, settings.Threshold);
    }

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var clusters = Clusters(input.Pool, settings, progress, cancellation);
        return new SignalBlock(Name, Version, settings.Key, [SignalColumn.OfClusters(settings.ColumnName, clusters)]);
    }
}
