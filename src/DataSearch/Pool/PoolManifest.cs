namespace DataSearch.Pool;

/// <summary>
/// The description of a stored pool (<c>manifest.json</c>), written last so that a pool folder with a
/// manifest is complete. It holds no time stamps: the same inputs give the same bytes.
/// </summary>
/// <param name="FormatVersion">The pool folder layout version.</param>
/// <param name="IdentityVersion">The <see cref="SampleIdentity.Version"/> the ids were made with.</param>
/// <param name="SampleCount">Number of samples.</param>
/// <param name="PoolHash">SHA-256 of <c>samples.jsonl</c>, hex; it identifies the pool's content for caches and manifests.</param>
/// <param name="SamplesBytes">Size of <c>samples.jsonl</c>.</param>
/// <param name="Sources">Sample count per source, in order of first appearance.</param>
/// <param name="ImportedFrom">The files the pool was imported from.</param>
public sealed record PoolManifest(
    int FormatVersion,
    int IdentityVersion,
    int SampleCount,
    string PoolHash,
    long SamplesBytes,
    IReadOnlyList<SourceCount> Sources,
    IReadOnlyList<ImportedFile> ImportedFrom);

/// <summary>How many samples a source contributed.</summary>
public sealed record SourceCount(string Name, int Samples);

/// <summary>One input file of a pool, as the import read it.</summary>
/// <param name="Path">The path as given on the command line.</param>
/// <param name="Format">The layout name used.</param>
/// <param name="Records">Records read.</param>
/// <param name="Imported">Records that became samples.</param>
/// <param name="Rejected">Records set aside (listed in <c>rejects.jsonl</c>).</param>
public sealed record ImportedFile(string Path, string? Format, long Records, long Imported, long Rejected);
