namespace DataSearch.Pool;

/// <summary>
/// The struct-of-arrays behind a <see cref="SamplePool"/>. Per-sample arrays have one entry per sample
/// (the <c>…Start</c> arrays one more, as offsets); per-message arrays one entry per message. The text
/// buffer is an array for a pool built in memory and a mapped file region for one loaded from its cache.
/// </summary>
internal sealed record PoolColumns(
    ReadOnlyMemory<byte> Text,
    TextSpan[] SampleIds,
    ulong[] ContentHashes,
    int[] SourceIndex,
    TextSpan[] Targets,
    TextSpan[] Metadata,
    int[] MessageStart,
    byte[] Roles,
    TextSpan[] Contents,
    int[] TagStart,
    int[] TagIds,
    string[] SourceNames,
    string[] TagNames);
