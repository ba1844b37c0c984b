namespace DataSearch.Pool.Import;

/// <summary>What the import made of one input file.</summary>
/// <param name="Path">The file as given.</param>
/// <param name="Format">The layout used (detected or forced), or null when it could not be told.</param>
/// <param name="Detected">Whether the layout was detected rather than forced.</param>
/// <param name="Records">Records read.</param>
/// <param name="Imported">Records that became samples.</param>
/// <param name="Rejected">Records refused.</param>
/// <param name="Bytes">Size of the file.</param>
public sealed record FileImportSummary(string Path, SourceFormat? Format, bool Detected, long Records, long Imported, long Rejected, long Bytes)
{
    /// <summary>This file as the pool's manifest lists it.</summary>
    public ImportedFile ToImportedFile() => new(Path, Format is { } known ? SourceFormatNames.Of(known) : null, Records, Imported, Rejected);
}
