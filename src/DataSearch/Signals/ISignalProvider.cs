using DataSearch.Progress;

namespace DataSearch.Signals;

/// <summary>
/// Computes a group of signal columns for a whole pool. Blocks are cached by pool hash, provider name,
/// version and <see cref="Key"/>; bump <see cref="Version"/> whenever the values would change.
/// </summary>
public interface ISignalProvider
{
    /// <summary>A short name, unique among providers (also the cache file's name).</summary>
    string Name { get; }

    /// <summary>The implementation's version.</summary>
    int Version { get; }

    /// <summary>What the result depends on besides the pool: parameters, target sets, model hash.</summary>
    string Key(SignalInput input);

    /// <summary>Computes the block.</summary>
    SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation);
}
