using System.Globalization;
using System.Text.Json.Serialization;
using DataSearch.IO;
using DataSearch.Search;

namespace DataSearch.Reports;

/// <summary>
/// The report of a <c>datasearch compare</c> folder (<c>compare.json</c>): the methods' table, best so
/// far per method with its spread over seeds, and per-benchmark scores of the search's best against the
/// baselines and the oracle.
/// </summary>
public static class ComparisonReport
{
    /// <summary>The comparison's result file.</summary>
    public const string ResultFile = SearchRunFolder.ComparisonName;

    /// <summary>The sections: the comparison, then the first seed's search.</summary>
    public static IEnumerable<ReportSection> Build(string folder)
    {
        var path = Path.Combine(folder, ResultFile);
        var compared = ComparisonFile.Read(path);

        var methods = compared.Methods.OrderByDescending(m => m.Mean).ToList();
        var search = methods.FirstOrDefault(m => m.Method == "search");
        var blocks = new List<ReportBlock>
        {
            new TableBlock("compare-table", "Methods, best first",
                ["method", "mean", "std", "per seed", "vs search"],
                [.. methods.Select(m => (IReadOnlyList<string>)[
                    m.Method, Format.Score(m.Mean), Format.Score(m.Std), string.Join(" / ", m.PerSeed.Select(v => Format.Score(v))),
                    search is null ? "–" : (m.Mean - search.Mean).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture)])],
                $"In-distribution mean over {compared.Seeds.Count} seed(s) with the same evaluator and a budget of {compared.Budget} evaluations per search."),
            Curves(compared, methods),
        };
        if (Benchmarks(methods) is { } benchmarks)
        {
            blocks.Add(benchmarks);
        }

        var summary = search is null
            ? $"{methods.Count} methods over {compared.Seeds.Count} seed(s)."
            : $"Recipe search reached {Format.Score(search.Mean)} ± {Format.Score(search.Std)} over {compared.Seeds.Count} seed(s); "
              + string.Join("; ", methods.Where(m => m.Method is "best_single_source" or "full_pool" or "random_search" or "oracle").Select(m => $"{m.Method} {Format.Score(m.Mean)}")) + ".";
        yield return new ReportSection("compare", "Recipe search against its baselines", summary, blocks);
        if (compared.Seeds.Count > 0 && Directory.Exists(Path.Combine(folder, $"search-seed{compared.Seeds[0]}")))
        {
            yield return SearchReport.Build(Path.Combine(folder, $"search-seed{compared.Seeds[0]}"), "search", $"The search of seed {compared.Seeds[0]}");
        }
    }

    private static FigureBlock Curves(ComparisonFile compared, List<ComparedMethod> methods)
    {
        var series = new List<ChartSeries>();
        var length = Math.Max(compared.Budget, methods.SelectMany(m => m.Curves).Select(c => c.Count).DefaultIfEmpty(1).Max());
        foreach (var method in methods.Where(m => m.Curves.Any(c => c.Count > 1)))
        {
            // Pad each seed's curve with its last value (a search may stop early when the space is exhausted).
            var padded = method.Curves.Where(c => c.Count > 0).Select(c => Enumerable.Range(0, length).Select(i => c[Math.Min(i, c.Count - 1)]).ToList()).ToList();
            var xs = Enumerable.Range(1, length).Select(i => (double)i).ToList();
            series.Add(new ChartSeries(method.Method, SeriesStyle.Line, xs,
                [.. xs.Select((_, i) => padded.Average(c => c[i]))],
                [.. xs.Select((_, i) => padded.Min(c => c[i]))],
                [.. xs.Select((_, i) => padded.Max(c => c[i]))]));
        }

        var singles = methods.Where(m => m.Method.StartsWith("single:", StringComparison.Ordinal)).ToList();
        var flat = methods.Where(m => m.Curves.All(c => c.Count <= 1) && !m.Method.StartsWith("single:", StringComparison.Ordinal)).ToList();
        if (singles.Count > 0)
        {
            flat.Add(singles[0] with { Method = $"best single operator ({singles[0].Method[7..]})" });
        }

        foreach (var method in flat)
        {
            series.Add(new ChartSeries(method.Method, SeriesStyle.Line, [1, length], [method.Mean, method.Mean]));
        }

        return new FigureBlock("compare-curves", "Best so far per method",
            "Mean over seeds of the best score found after each evaluation; the band spans the seeds' minimum to maximum. One-shot baselines are flat lines at their mean.",
            new Chart("evaluations", "in-distribution mean (%)", series));
    }

    private static FigureBlock? Benchmarks(List<ComparedMethod> methods)
    {
        var shown = methods.Where(m => m.Benchmarks is { Count: > 0 }
            && (m.Method is "search" or "random_search" or "best_single_source" or "full_pool" or "oracle" or "random_top_k" || m == methods.FirstOrDefault(s => s.Method.StartsWith("single:", StringComparison.Ordinal)))).ToList();
        if (shown.Count == 0)
        {
            return null;
        }

        var names = shown.SelectMany(m => m.Benchmarks!.Keys).Distinct(StringComparer.Ordinal).ToList();
        return new FigureBlock("compare-benchmarks", "Per-benchmark scores: the search's best against the baselines",
            "Each method's final subset, benchmark by benchmark, averaged over seeds (out-of-distribution and knowledge benchmarks are reported, not optimised).",
            new Chart("benchmark", "score (%)",
                [.. shown.Select(m => new ChartSeries(m.Method, SeriesStyle.Bars, [.. names.Select((_, i) => (double)i)], [.. names.Select(n => m.Benchmarks!.GetValueOrDefault(n))]))],
                names));
    }
}
