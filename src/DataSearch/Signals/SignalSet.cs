namespace DataSearch.Signals;

/// <summary>
/// The signals available for one pool: columns by name, and per-sample vectors by provider. Built from
/// <see cref="SignalBlock"/>s; immutable once built.
/// </summary>
public sealed class SignalSet
{
    private readonly Dictionary<string, SignalColumn> columns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SignalBlock> blocks = new(StringComparer.Ordinal);

    /// <summary>Builds a set for a pool of <paramref name="count"/> samples.</summary>
    /// <exception cref="ArgumentException">A column's length differs from the pool's, or two blocks define the same column.</exception>
    public SignalSet(int count, IEnumerable<SignalBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        Count = count;
        foreach (var block in blocks)
        {
            this.blocks.Add(block.Provider, block);
            foreach (var column in block.Columns)
            {
                if (column.Count != count)
                {
                    throw new ArgumentException($"signal '{column.Name}' has {column.Count} values for a pool of {count} samples");
                }

                if (!columns.TryAdd(column.Name, column))
                {
                    throw new ArgumentException($"signal '{column.Name}' is defined by two providers");
                }
            }
        }
    }

    /// <summary>An empty set.</summary>
    public static SignalSet Empty(int count) => new(count, []);

    /// <summary>Samples covered.</summary>
    public int Count { get; }

    /// <summary>All column names.</summary>
    public IEnumerable<string> Names => columns.Keys;

    /// <summary>The blocks, by provider.</summary>
    public IReadOnlyDictionary<string, SignalBlock> Blocks => blocks;

    /// <summary>Whether a column exists.</summary>
    public bool Contains(string name) => columns.ContainsKey(name);

    /// <summary>The names of the columns that start with <paramref name="prefix"/> (e.g. <c>relevance:</c>), sorted.</summary>
    public IReadOnlyList<string> WithPrefix(string prefix) =>
        [.. columns.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>A score column.</summary>
    /// <exception cref="MissingSignalException">No such score column.</exception>
    public float[] Scores(string name) =>
        columns.TryGetValue(name, out var column) && column.Values is { } values ? values : throw new MissingSignalException(name, columns.Values.Where(c => !c.IsCluster).Select(c => c.Name));

    /// <summary>A cluster column.</summary>
    /// <exception cref="MissingSignalException">No such cluster column.</exception>
    public int[] Clusters(string name) =>
        columns.TryGetValue(name, out var column) && column.Clusters is { } clusters ? clusters : throw new MissingSignalException(name, columns.Values.Where(c => c.IsCluster).Select(c => c.Name));

    /// <summary>The per-sample vectors of a provider, or null.</summary>
    public (float[] Vectors, int Width)? Vectors(string provider) =>
        blocks.TryGetValue(provider, out var block) && block.Vectors is { } vectors ? (vectors, block.VectorWidth) : null;

    /// <summary>The provider and version of every column, for manifests.</summary>
    public IReadOnlyDictionary<string, string> Versions() =>
        blocks.Values.SelectMany(b => b.Columns.Select(c => (c.Name, Version: $"{b.Provider}@{b.Version}"))).OrderBy(c => c.Name, StringComparer.Ordinal).ToDictionary(c => c.Name, c => c.Version, StringComparer.Ordinal);
}
