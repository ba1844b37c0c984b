namespace DataSearch.Pool.Import;

/// <summary>A record read in any layout, before it is given an id and a source.</summary>
internal sealed record ConvertedRecord(
    string? SampleId,
    IReadOnlyList<ChatMessage> Messages,
    string? SourceName,
    string? Target,
    IReadOnlyList<string> Tags,
    string? MetadataJson);
