using System.IO.Hashing;
using System.Runtime.InteropServices;
using DataSearch.Progress;
using DataSearch.Text;

namespace DataSearch.Signals.Providers;

/// <summary>
/// <c>exact_dup</c>: samples whose messages are equal after <see cref="TextNormalizer"/> (case and
/// white space) share a cluster id. Roles are part of the key, so a question asked as a system prompt
/// is not a duplicate of the same question asked by the user.
/// </summary>
public sealed class ExactDuplicates : ISignalProvider
{
    /// <summary>The column's name.</summary>
    public const string Column = "exact_dup";

    /// <inheritdoc />
    public string Name => "exact_dup";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => string.Empty;

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pool = input.Pool;
        var firstByHash = new Dictionary<UInt128, int>(pool.Count);
        var clusters = new int[pool.Count];
        var next = 0;
        var normalized = new byte[4096];
        var hash = new XxHash128();
        for (var i = 0; i < pool.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            hash.Reset();
            NormalizedMessages.Append(hash, pool, i, 0, pool.GetMessageCount(i), ref normalized);

            ref var cluster = ref CollectionsMarshal.GetValueRefOrAddDefault(firstByHash, hash.GetCurrentHashAsUInt128(), out var exists);
            if (!exists)
            {
                cluster = next++;
            }

            clusters[i] = cluster;
            if ((i & 4095) == 4095)
            {
                progress?.Report(new ProgressReport("exact duplicates", i + 1, pool.Count, "samples"));
            }
        }

        return new SignalBlock(Name, Version, string.Empty, [SignalColumn.OfClusters(Column, clusters)]);
    }
}
