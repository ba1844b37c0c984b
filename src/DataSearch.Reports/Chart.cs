using System.Text.Json.Serialization;

namespace DataSearch.Reports;

/// <summary>How a series is drawn.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SeriesStyle>))]
public enum SeriesStyle
{
    /// <summary>Points joined by a line; with <see cref="ChartSeries.Low"/>/<see cref="ChartSeries.High"/>, a shaded band.</summary>
    Line,

    /// <summary>Unjoined points; with Low/High, error bars.</summary>
    Markers,

    /// <summary>Bars at the x positions (grouped with the other bar series of the chart).</summary>
    Bars,

    /// <summary>Line segments: points 0–1, 2–3, … (the edges of a tree).</summary>
    Segments,
}

/// <summary>One data series of a chart.</summary>
/// <param name="Name">The legend entry (empty: not in the legend).</param>
/// <param name="Style">How it is drawn.</param>
/// <param name="X">X values (for bars: category indices).</param>
/// <param name="Y">Y values.</param>
/// <param name="Low">Lower ends of a band or error bar, or null.</param>
/// <param name="High">Upper ends, or null.</param>
public sealed record ChartSeries(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("style")] SeriesStyle Style,
    [property: JsonPropertyName("x")] IReadOnlyList<double> X,
    [property: JsonPropertyName("y")] IReadOnlyList<double> Y,
    [property: JsonPropertyName("low")] IReadOnlyList<double>? Low = null,
    [property: JsonPropertyName("high")] IReadOnlyList<double>? High = null);

/// <summary>A chart's data, independent of how it is drawn.</summary>
/// <param name="XLabel">The x axis label.</param>
/// <param name="YLabel">The y axis label.</param>
/// <param name="Series">The series, drawn in order.</param>
/// <param name="Categories">Names of the x positions 0, 1, … for bar charts, or null.</param>
public sealed record Chart(
    [property: JsonPropertyName("x_label")] string XLabel,
    [property: JsonPropertyName("y_label")] string YLabel,
    [property: JsonPropertyName("series")] IReadOnlyList<ChartSeries> Series,
    [property: JsonPropertyName("categories")] IReadOnlyList<string>? Categories = null)
{
    /// <summary>Whether there is anything to draw.</summary>
    [JsonIgnore]
    public bool IsEmpty => Series.All(s => s.Y.Count == 0);
}
