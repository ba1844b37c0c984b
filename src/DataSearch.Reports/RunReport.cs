using System.Text.Encodings.Web;
using System.Text.Json;
using DataSearch.Acquisition;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Reports;

/// <summary>
/// <c>datasearch report RUN</c>: finds what a run folder holds — a comparison (<c>compare.json</c>), a
/// search (<c>search_log.jsonl</c>), an acquisition run (<c>results/evaluation_results.json</c>), a demo
/// (<c>demo.json</c> and those in its sub-folders), a λ sweep (<c>sweep.json</c>) — and writes one self-contained HTML page with the
/// same data as JSON beside it.
/// </summary>
public static class RunReport
{
    /// <summary>The page's default name in the run folder.</summary>
    public const string DefaultFile = "report.html";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report of <paramref name="folder"/>.</summary>
    public static ReportDocument Build(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{folder}: no such run folder");
        }

        var sections = new List<ReportSection>();
        var title = "DataSearch report";
        if (DemoSummary.TryRead(folder) is { } demo)
        {
            sections.Add(demo.Section());
            title = "DataSearch demo report";
        }

        if (LambdaSweep.TryRead(folder) is { Count: > 0 } sweep)
        {
            sections.Add(LambdaSweepReport.Build(sweep));
            title = "DataSearch λ sweep report";
        }

        // Recipe search first, then acquisition, whatever the sub-folders are called. A comparison's
        // sub-folders are its own searches, which its section already covers.
        var found = new List<(string Folder, string Name)> { (folder, string.Empty) };
        if (!File.Exists(Path.Combine(folder, ComparisonReport.ResultFile)))
        {
            found.AddRange(Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Select(sub => (sub, Path.GetFileName(sub))));
        }

        sections.AddRange(found.SelectMany(f => SearchSections(f.Folder, f.Name)));
        sections.AddRange(found.Where(f => File.Exists(Path.Combine(f.Folder, AcquisitionReport.ResultFile))).Select(f => AcquisitionReport.Build(f.Folder)));

        if (sections.Count == 0)
        {
            throw new UsageException(
                $"{folder}: holds no results to report (expected {ComparisonReport.ResultFile}, {SearchReport.LogFile} or {AcquisitionReport.ResultFile}, in the folder or one of its sub-folders)");
        }

        return new ReportDocument(title, Path.GetFullPath(folder), sections);
    }

    /// <summary>Builds the report of <paramref name="folder"/> and writes it to <paramref name="htmlPath"/>, its data to the same name with <c>.json</c>.</summary>
    public static ReportDocument Write(string folder, string htmlPath)
    {
        var document = Build(folder);
        AtomicFile.WriteAllText(htmlPath, HtmlReportWriter.Render(document));
        AtomicFile.WriteAllText(Path.ChangeExtension(htmlPath, ".json"), JsonSerializer.Serialize(document, Json) + "\n");
        return document;
    }

    private static IEnumerable<ReportSection> SearchSections(string folder, string name)
    {
        if (File.Exists(Path.Combine(folder, ComparisonReport.ResultFile)))
        {
            foreach (var section in ComparisonReport.Build(folder))
            {
                yield return section;
            }
        }
        else if (File.Exists(Path.Combine(folder, SearchReport.LogFile)))
        {
            var id = name.Length == 0 ? "search" : $"search-{Slug(name)}";
            yield return SearchReport.Build(folder, id, name.Length == 0 ? "Recipe search" : $"Recipe search ({name})");
        }
    }

    private static string Slug(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
}
