using DataSearch.Errors;

namespace DataSearch.Pool.Import;

/// <summary>A record the import refused: the problem and the record's original bytes, so nothing is lost.</summary>
public sealed record Rejection(InputProblem Problem, ReadOnlyMemory<byte> RawRecord);
