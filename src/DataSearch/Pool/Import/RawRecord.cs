namespace DataSearch.Pool.Import;

/// <summary>
/// The bytes of one input record and where it starts (1-based line, or row for Parquet). When
/// <see cref="UnreadableReason"/> is set, the reader could not go on from here and the bytes are what is left;
/// when <see cref="OversizeLength"/> is above zero, the record was longer than the import's limit, its bytes
/// were skipped rather than held, and <see cref="Bytes"/> is empty.
/// </summary>
internal readonly record struct RawRecord(long Line, ReadOnlyMemory<byte> Bytes, string? UnreadableReason = null, long OversizeLength = 0);
