namespace DataSearch.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Samples">Samples written.</param>
/// <param name="Files">The files, in the order written.</param>
/// <param name="Unusual">Ids of samples LLaMA-Factory may skip (turns that do not alternate human/gpt, or no final gpt turn).</param>
public sealed record ExportSummary(int Samples, IReadOnlyList<string> Files, IReadOnlyList<string> Unusual);
