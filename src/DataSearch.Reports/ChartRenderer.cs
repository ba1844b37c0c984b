using ScottPlot;

namespace DataSearch.Reports;

/// <summary>Draws a <see cref="Chart"/> with ScottPlot as SVG markup (text stays text, so the page stays searchable).</summary>
public static class ChartRenderer
{
    /// <summary>Bars of one category share this much of the unit between two categories.</summary>
    private const double GroupWidth = 0.8;

    /// <summary>Category names are cut to this many characters.</summary>
    private const int MaxLabel = 24;

    private const float SlantDegrees = 35;

    /// <summary>The width of one character of a tick label, roughly, in pixels.</summary>
    private const double CharacterPixels = 7;

    /// <summary>The chart as an <c>&lt;svg&gt;</c> element, <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static string Svg(Chart chart, int width = 720, int height = 360)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        var palette = new ScottPlot.Palettes.Category10();
        var barSeries = chart.Series.Where(s => s.Style == SeriesStyle.Bars).ToList();
        foreach (var (series, index) in chart.Series.Select((s, i) => (s, i)))
        {
            var color = palette.GetColor(index);
            switch (series.Style)
            {
                case SeriesStyle.Line:
                    AddLine(plot, series, color);
                    break;
                case SeriesStyle.Markers:
                    AddMarkers(plot, series, color);
                    break;
                case SeriesStyle.Bars:
                    AddBars(plot, series, color, barSeries.IndexOf(series), barSeries.Count);
                    break;
                case SeriesStyle.Segments:
                    AddSegments(plot, series);
                    break;
            }
        }

        if (chart.Categories is { Count: > 0 } categories)
        {
            LabelCategories(plot, categories);
        }
        else if (chart.Series.All(s => s.X.All(x => x == Math.Round(x))))
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        if (barSeries.Count > 0)
        {
            plot.Axes.Margins(bottom: 0);
        }

        plot.XLabel(chart.XLabel, 13);
        plot.YLabel(chart.YLabel, 13);
        if (chart.Series.Count(s => s.Name.Length > 0) >= 2)
        {
            plot.ShowLegend(Edge.Right);
        }
        else
        {
            // One series needs no key (ScottPlot would otherwise draw one for any labelled plottable).
            plot.HideLegend();
        }

        return plot.GetSvgXml(width, height);
    }

    /// <summary>Names the x positions; long names are slanted, with room kept below and to the right for them.</summary>
    private static void LabelCategories(Plot plot, IReadOnlyList<string> categories)
    {
        var labels = categories.Select(c => c.Length <= MaxLabel ? c : c[..(MaxLabel - 1)] + "…").ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, labels.Length).Select(i => (double)i)], labels);
        if (labels.Sum(l => l.Length) <= 60)
        {
            return;
        }

        plot.Axes.Bottom.TickLabelStyle.Rotation = SlantDegrees;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        var longest = labels.Max(l => l.Length);
        plot.Axes.Bottom.MinimumSize = 40 + (float)(CharacterPixels * longest * Math.Sin(SlantDegrees * Math.PI / 180));
        plot.Axes.Right.MinimumSize = (float)(CharacterPixels * labels[^1].Length * Math.Cos(SlantDegrees * Math.PI / 180));
    }

    private static void AddLine(Plot plot, ChartSeries series, Color color)
    {
        if (series.Low is { } low && series.High is { } high)
        {
            var band = plot.Add.FillY([.. series.X], [.. low], [.. high]);
            band.FillColor = color.WithAlpha(0.2);
            band.LineColor = Colors.Transparent;
        }

        var line = plot.Add.ScatterLine(series.X.ToArray(), series.Y.ToArray(), color);
        line.LineWidth = 2;
        line.MarkerSize = series.X.Count <= 40 ? 5 : 0;
        line.LegendText = series.Name;
    }

    private static void AddMarkers(Plot plot, ChartSeries series, Color color)
    {
        if (series.Low is { } low && series.High is { } high)
        {
            var errors = new ScottPlot.Plottables.ErrorBar(
                [.. series.X], [.. series.Y], null, null,
                [.. series.Y.Select((y, i) => high[i] - y)], [.. series.Y.Select((y, i) => y - low[i])])
            {
                Color = color.WithAlpha(0.6),
            };
            plot.Add.Plottable(errors);
        }

        var markers = plot.Add.Markers(series.X.ToArray(), series.Y.ToArray(), MarkerShape.FilledCircle, 7, color);
        markers.LegendText = series.Name;
    }

    private static void AddBars(Plot plot, ChartSeries series, Color color, int index, int count)
    {
        var width = GroupWidth / count;
        var offset = (index - ((count - 1) / 2.0)) * width;
        var bars = series.X.Select((x, i) => new Bar
        {
            Position = x + offset,
            Value = series.Y[i],
            Size = width * 0.95,
            FillColor = color,
            LineWidth = 0,
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = series.Name;
    }

    private static void AddSegments(Plot plot, ChartSeries series)
    {
        for (var i = 0; i + 1 < series.X.Count; i += 2)
        {
            var line = plot.Add.Line(series.X[i], series.Y[i], series.X[i + 1], series.Y[i + 1]);
            line.LineColor = Colors.Gray.WithAlpha(0.7);
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            line.LegendText = i == 0 ? series.Name : string.Empty;
        }
    }
}
