namespace DataSearch.Pool.Import;

/// <summary>What an import does with a record it cannot accept.</summary>
public enum ErrorPolicy
{
    /// <summary>Report every bad record and write nothing.</summary>
    Fail,

    /// <summary>Import the good records and list each bad one, with its reason, in <c>rejects.jsonl</c>.</summary>
    Skip,
}
