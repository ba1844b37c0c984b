namespace DataSearch.Pool;

/// <summary>A file saved inside a pool folder together with the pool (e.g. an import's rejects list).</summary>
/// <param name="Name">The file name inside the folder.</param>
/// <param name="Write">Writes the file's content.</param>
public sealed record PoolExtraFile(string Name, Action<Stream> Write);
