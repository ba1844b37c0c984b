namespace DataSearch.Pool.Import;

/// <summary>
/// The bytes of one input record and where it starts (1-based line, or row for Parquet). When
/// <see cref="UnreadableReason"/> is set, the reader could not go on from here and the bytes are what is left.
/// </summary>
internal readonly record struct RawRecord(long Line, ReadOnlyMemory<byte> Bytes, string? UnreadableReason = null);
