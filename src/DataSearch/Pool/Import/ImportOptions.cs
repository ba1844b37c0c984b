namespace DataSearch.Pool.Import;

/// <summary>How to read input files into a pool.</summary>
/// <param name="Format">The record layout; null to detect it per file from the first record.</param>
/// <param name="SourceName">The source name for every sample; null to take it from the record or the file name.</param>
/// <param name="OnError">What to do with records that cannot be accepted.</param>
/// <param name="MaxProblemsKept">How many problems to keep for the error report (all are counted).</param>
/// <param name="MaxRecordBytes">
/// The longest record accepted, in bytes of input; a longer one is a located <c>record_too_large</c> problem,
/// and a JSONL reader never holds more than about twice this much of it in memory.
/// </param>
public sealed record ImportOptions(
    SourceFormat? Format = null,
    string? SourceName = null,
    ErrorPolicy OnError = ErrorPolicy.Fail,
    int MaxProblemsKept = 100,
    long MaxRecordBytes = ImportOptions.DefaultMaxRecordBytes)
{
    /// <summary>64 MiB: far beyond any real instruction sample, well inside what one JSON string may hold (about 166 MB).</summary>
    public const long DefaultMaxRecordBytes = 64L << 20;
}
