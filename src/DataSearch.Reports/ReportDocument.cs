using System.Text.Json.Serialization;

namespace DataSearch.Reports;

/// <summary>A whole report: what <c>report.html</c> shows and <c>report.json</c> holds.</summary>
/// <param name="Title">The page title.</param>
/// <param name="Source">The run folder it was made from.</param>
/// <param name="Sections">Its sections, in reading order.</param>
public sealed record ReportDocument(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("sections")] IReadOnlyList<ReportSection> Sections);

/// <summary>One part of a report (a search, a comparison, an acquisition run).</summary>
/// <param name="Id">An HTML id, unique in the report.</param>
/// <param name="Title">The heading.</param>
/// <param name="Summary">One paragraph of plain text under the heading, or null.</param>
/// <param name="Blocks">Figures, tables and text.</param>
public sealed record ReportSection(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("blocks")] IReadOnlyList<ReportBlock> Blocks);

/// <summary>A figure, a table or a block of text.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(FigureBlock), "figure")]
[JsonDerivedType(typeof(TableBlock), "table")]
[JsonDerivedType(typeof(TextBlock), "text")]
public abstract record ReportBlock([property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("title")] string Title);

/// <summary>A chart, rendered to SVG in the page; its data goes to the JSON.</summary>
public sealed record FigureBlock(string Id, string Title, [property: JsonPropertyName("caption")] string Caption, [property: JsonPropertyName("chart")] Chart Chart)
    : ReportBlock(Id, Title);

/// <summary>A table of already formatted cells.</summary>
public sealed record TableBlock(
    string Id,
    string Title,
    [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
    [property: JsonPropertyName("rows")] IReadOnlyList<IReadOnlyList<string>> Rows,
    [property: JsonPropertyName("caption")] string? Caption = null)
    : ReportBlock(Id, Title);

/// <summary>Text shown as is (a recipe, a trajectory), in a monospaced block.</summary>
public sealed record TextBlock(string Id, string Title, [property: JsonPropertyName("text")] string Text)
    : ReportBlock(Id, Title);
