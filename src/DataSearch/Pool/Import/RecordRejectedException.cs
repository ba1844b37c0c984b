using DataSearch.Errors;

namespace DataSearch.Pool.Import;

/// <summary>Thrown by a record converter for a record it cannot accept; caught per record by the importer.</summary>
internal sealed class RecordRejectedException(InputProblemKind kind, string? field, string message) : Exception(message)
{
    public InputProblemKind Kind { get; } = kind;

    public string? Field { get; } = field;
}
