using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace DataSearch.Reports;

/// <summary>
/// Writes a <see cref="ReportDocument"/> as one self-contained HTML page: inline CSS, charts as inline
/// SVG, plain tables (readable without scripts; a few lines of inline script make them sortable), and
/// nothing fetched from anywhere. All text from a run (recipes, trajectories, task instructions) is
/// HTML-escaped: it is data, never markup.
/// </summary>
public static partial class HtmlReportWriter
{
    private const string Style = """
        body { font-family: "DejaVu Sans", system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1.5em; color: #1d1d1f; }
        h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
        h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
        .source { color: #666; margin-top: 0; } nav ul { columns: 2; } nav a { text-decoration: none; }
        figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; border: 1px solid #eee; }
        figcaption, .caption { color: #555; font-size: 0.9em; margin-top: 0.3em; }
        table { border-collapse: collapse; font-size: 0.88em; margin: 0.3em 0; }
        th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f4f4f6; cursor: pointer; } tbody tr:nth-child(even) { background: #fafafa; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .scroll { max-height: 32em; overflow: auto; }
        pre { background: #f6f8fa; padding: 0.8em; overflow: auto; font-size: 0.85em; max-height: 30em; }
        .empty { color: #999; font-style: italic; }
        """;

    private const string SortScript = """
        document.querySelectorAll("table.sortable th").forEach(function (th) {
          th.addEventListener("click", function () {
            var table = th.closest("table"), body = table.tBodies[0], index = Array.prototype.indexOf.call(th.parentNode.children, th);
            var ascending = th.dataset.order !== "asc"; th.dataset.order = ascending ? "asc" : "desc";
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[index].textContent, y = b.cells[index].textContent, nx = parseFloat(x), ny = parseFloat(y);
              var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
              return ascending ? c : -c;
            });
            rows.forEach(function (r) { body.appendChild(r); });
          });
        });
        """;

    /// <summary>The page as a string.</summary>
    public static string Render(ReportDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{Escape(document.Title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n");
        html.Append($"<h1>{Escape(document.Title)}</h1>\n<p class=\"source\">Run folder: <code>{Escape(document.Source)}</code> · written by <code>datasearch report</code>; the data of every figure and table is in the JSON file beside this page.</p>\n");
        html.Append("<nav><ul>\n");
        foreach (var section in document.Sections)
        {
            html.Append($"<li><a href=\"#{Escape(section.Id)}\">{Escape(section.Title)}</a></li>\n");
        }

        html.Append("</ul></nav>\n");
        foreach (var section in document.Sections)
        {
            html.Append($"<section id=\"{Escape(section.Id)}\">\n<h2>{Escape(section.Title)}</h2>\n");
            if (section.Summary is { Length: > 0 } summary)
            {
                html.Append($"<p>{Escape(summary)}</p>\n");
            }

            foreach (var block in section.Blocks)
            {
                Append(html, block);
            }

            html.Append("</section>\n");
        }

        html.Append($"<script>\n{SortScript}\n</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Append(StringBuilder html, ReportBlock block)
    {
        switch (block)
        {
            case FigureBlock figure:
                html.Append($"<figure id=\"{Escape(figure.Id)}\" class=\"chart\">\n<h3>{Escape(figure.Title)}</h3>\n");
                html.Append(figure.Chart.IsEmpty ? "<p class=\"empty\">no data</p>\n" : InlineSvg(ChartRenderer.Svg(figure.Chart)));
                html.Append($"<figcaption>{Escape(figure.Caption)}</figcaption>\n</figure>\n");
                break;
            case TableBlock table:
                html.Append($"<div id=\"{Escape(table.Id)}\" class=\"table\">\n<h3>{Escape(table.Title)}</h3>\n<div class=\"scroll\"><table class=\"sortable\">\n<thead><tr>");
                foreach (var column in table.Columns)
                {
                    html.Append($"<th>{Escape(column)}</th>");
                }

                html.Append("</tr></thead>\n<tbody>\n");
                foreach (var row in table.Rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row)
                    {
                        html.Append(IsNumber(cell) ? $"<td class=\"num\">{Escape(cell)}</td>" : $"<td>{Escape(cell)}</td>");
                    }

                    html.Append("</tr>\n");
                }

                html.Append("</tbody>\n</table></div>\n");
                if (table.Caption is { Length: > 0 } caption)
                {
                    html.Append($"<p class=\"caption\">{Escape(caption)}</p>\n");
                }

                html.Append("</div>\n");
                break;
            case TextBlock text:
                html.Append($"<div id=\"{Escape(text.Id)}\" class=\"text\">\n<h3>{Escape(text.Title)}</h3>\n<pre>{Escape(text.Text)}</pre>\n</div>\n");
                break;
        }
    }

    /// <summary>ScottPlot's SVG without its XML declaration, so it can sit inside HTML.</summary>
    private static string InlineSvg(string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return (start < 0 ? svg : svg[start..]).Trim() + "\n";
    }

    /// <summary>Cells that hold numbers (also "12 %" and "1.0 / 2.0") are right-aligned.</summary>
    private static bool IsNumber(string cell) => NumberCell().IsMatch(cell);

    [GeneratedRegex(@"^[+−-]?\d[\d,.]*( ?%)?( / [+−-]?\d[\d,.]*)*$")]
    private static partial Regex NumberCell();

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
