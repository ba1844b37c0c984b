namespace DataSearch.Pool.Import;

/// <summary>How to read input files into a pool.</summary>
/// <param name="Format">The record layout; null to detect it per file from the first record.</param>
/// <param name="SourceName">The source name for every sample; null to take it from the record or the file name.</param>
/// <param name="OnError">What to do with records that cannot be accepted.</param>
/// <param name="MaxProblemsKept">How many problems to keep for the error report (all are counted).</param>
public sealed record ImportOptions(
    SourceFormat? Format = null,
    string? SourceName = null,
    ErrorPolicy OnError = ErrorPolicy.Fail,
    int MaxProblemsKept = 100);
