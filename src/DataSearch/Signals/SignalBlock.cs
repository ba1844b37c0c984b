namespace DataSearch.Signals;

/// <summary>
/// What one provider computed for a pool: its columns, plus optional per-sample feature vectors
/// (row-major, <see cref="VectorWidth"/> floats per sample) for operators that cluster samples.
/// </summary>
/// <param name="Provider">The provider's name.</param>
/// <param name="Version">The provider's version when it computed this block.</param>
/// <param name="Key">Everything besides the pool that the values depend on (parameters, targets, model).</param>
/// <param name="Columns">The columns.</param>
/// <param name="Vectors">Per-sample vectors, or null.</param>
/// <param name="VectorWidth">Floats per sample in <paramref name="Vectors"/>; 0 when there are none.</param>
public sealed record SignalBlock(string Provider, int Version, string Key, IReadOnlyList<SignalColumn> Columns, float[]? Vectors = null, int VectorWidth = 0);
