using DataSearch.Progress;

namespace DataSearch.Signals;

/// <summary>
/// A folder of cached signal blocks for one pool (by default <c>POOL/signals/</c>), one
/// <c>PROVIDER.sig</c> file each. A cached block is reused when its pool hash, sample count, provider
/// version and key all match; otherwise it is computed again and replaced.
/// </summary>
/// <param name="Folder">The cache folder.</param>
public sealed record SignalStore(string Folder)
{
    /// <summary>The default folder for a pool folder.</summary>
    public static string DefaultFolderFor(string poolFolder) => Path.Combine(poolFolder, "signals");

    /// <summary>The file of one provider.</summary>
    public string PathOf(string provider) => Path.Combine(Folder, $"{provider}.sig");

    /// <summary>What happened to one provider in <see cref="Compute"/>.</summary>
    public sealed record Outcome(string Provider, bool Reused, TimeSpan Elapsed, IReadOnlyList<string> Columns);

    /// <summary>Computes (or reuses) every provider's block, and returns the resulting set.</summary>
    public (SignalSet Signals, IReadOnlyList<Outcome> Outcomes) Compute(
        SignalInput input,
        IReadOnlyList<ISignalProvider> providers,
        bool force = false,
        IProgress<ProgressReport>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(providers);
        var blocks = new List<SignalBlock>();
        var outcomes = new List<Outcome>();
        foreach (var provider in providers)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var path = PathOf(provider.Name);
            var key = provider.Key(input);
            var header = !force && File.Exists(path) ? SignalFile.ReadHeader(path) : null;
            SignalBlock block;
            var reused = header is not null && header.Provider == provider.Name && header.Version == provider.Version
                && header.Key == key && header.PoolHash == input.PoolHash && header.Count == input.Pool.Count;
            if (reused)
            {
                block = SignalFile.Read(path).Block;
            }
            else
            {
                block = provider.Compute(input, progress, cancellation);
                SignalFile.Write(path, block, input.PoolHash, input.Pool.Count);
            }

            blocks.Add(block);
            outcomes.Add(new Outcome(provider.Name, reused, watch.Elapsed, [.. block.Columns.Select(c => c.Name)]));
        }

        // Imported scores (`signals import`) are not computed by any provider: they join as cached.
        blocks.AddRange(Imported(input.PoolHash, input.Pool.Count));
        return (new SignalSet(input.Pool.Count, blocks), outcomes);
    }

    /// <summary>The imported blocks (<see cref="SignalImport"/>) cached here for the pool with this hash.</summary>
    public IEnumerable<SignalBlock> Imported(string poolHash, int count) =>
        Files(poolHash, count).Where(f => f.Current && SignalImport.IsImportFile(f.Path)).Select(f => SignalFile.Read(f.Path).Block);

    /// <summary>
    /// Loads every cached block computed for the pool with this hash; files for another pool or an
    /// unreadable version are listed in <c>Stale</c> and not loaded.
    /// </summary>
    public (SignalSet Signals, IReadOnlyList<string> Stale) Load(string poolHash, int count)
    {
        var files = Files(poolHash, count).ToList();
        var blocks = files.Where(f => f.Current).Select(f => SignalFile.Read(f.Path).Block).ToList();
        return (new SignalSet(count, blocks), [.. files.Where(f => !f.Current).Select(f => f.Path)]);
    }

    /// <summary>Every signal file here, in name order, and whether its header says it belongs to the pool with this hash and size.</summary>
    private IEnumerable<(string Path, bool Current)> Files(string poolHash, int count) =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.sig").Order(StringComparer.Ordinal)
                .Select(path => (path, SignalFile.ReadHeader(path) is { } header && header.PoolHash == poolHash && header.Count == count))
            : [];
}
