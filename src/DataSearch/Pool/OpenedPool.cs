namespace DataSearch.Pool;

/// <summary>A pool opened from a folder.</summary>
/// <param name="Pool">The samples.</param>
/// <param name="Manifest">The folder's manifest.</param>
/// <param name="RebuiltCache">Why the binary cache had to be rebuilt from the JSONL, or null when it loaded as is.</param>
public sealed record OpenedPool(SamplePool Pool, PoolManifest Manifest, string? RebuiltCache);
