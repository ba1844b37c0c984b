using System.Text.Json;
using DataSearch.IO;
using DataSearch.Recipes;
using DataSearch.Search;

namespace DataSearch.Reports;

/// <summary>
/// The report of one recipe search run folder (<c>search_log.jsonl</c>, <c>traces/</c>): best so far
/// against evaluations, the search tree, the surrogate's predictions against the scores they
/// predicted, and the best recipe with its per-step trace, state vector and benchmark scores.
/// </summary>
public static class SearchReport
{
    /// <summary>The search log's file name in a run folder.</summary>
    public const string LogFile = SearchRunFolder.LogName;

    /// <summary>The completed records of the folder's search log (a search still running is read as far as it got).</summary>
    public static IReadOnlyList<SearchRecord> Records(string folder) => JsonLinesFile<SearchRecord>.ReadComplete(Path.Combine(folder, LogFile));

    /// <summary>The section for <paramref name="folder"/>; <paramref name="id"/> prefixes its HTML ids.</summary>
    public static ReportSection Build(string folder, string id, string title)
    {
        var records = Records(folder);
        var completed = records.Where(r => r.Objective is not null).ToList();
        var failed = records.Count(r => r.Objective is null && r.RecipeHash.Length > 0);
        var best = SearchHistory.Best(records);
        var summary = best is null
            ? $"{records.Count} records and no completed evaluation yet."
            : $"{completed.Count} completed evaluations ({failed} failed); the best, {best.Id}, scored {Format.Score(best.Objective)} "
              + $"(in-distribution mean) on {Format.Count(best.SubsetSamples)} samples, found in round {best.Round} by \"{best.Edit}\".";
        var blocks = new List<ReportBlock>
        {
            BestSoFar(id, completed),
            Tree(id, records, best),
        };
        if (Predictions(id, completed) is { } predictions)
        {
            blocks.Add(predictions);
        }

        if (best is not null)
        {
            blocks.AddRange(BestRecipe(folder, id, best));
        }

        blocks.Add(new TableBlock($"{id}-evaluations", "Every evaluation",
            ["id", "round", "parent", "edit", "samples", "score", "predicted", "seconds", "status"],
            [.. records.Where(r => r.RecipeHash.Length > 0).Select(r => (IReadOnlyList<string>)[
                r.Id, r.Round.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Parent ?? "–", r.Edit, Format.Count(r.SubsetSamples),
                Format.Score(r.Objective), r.Predicted is [var mean, ..] ? Format.Score(mean) : "–", Format.Number(r.Seconds, "0.0"),
                r.Error is null ? r.Status.Text() : $"{r.Status.Text()}: {r.Error}"])]));
        return new ReportSection(id, title, summary, blocks);
    }

    private static FigureBlock BestSoFar(string id, List<SearchRecord> completed)
    {
        var xs = completed.Select((_, i) => (double)(i + 1)).ToList();
        var best = SearchHistory.BestSoFar(completed);
        return new FigureBlock($"{id}-best-so-far", "Best score so far",
            "Each dot is one completed evaluation (fine-tune + benchmarks); the line is the best in-distribution mean found up to it.",
            new Chart("completed evaluations", "in-distribution mean (%)",
            [
                new ChartSeries("evaluation", SeriesStyle.Markers, xs, [.. completed.Select(r => r.Objective!.Value)]),
                new ChartSeries("best so far", SeriesStyle.Line, xs, best),
            ]));
    }

    private static FigureBlock Tree(string id, IReadOnlyList<SearchRecord> records, SearchRecord? best)
    {
        var position = records.Where(r => r.Objective is not null).Select((r, i) => (r.Id, X: (double)(i + 1), Y: r.Objective!.Value))
            .ToDictionary(p => p.Id, p => (p.X, p.Y), StringComparer.Ordinal);
        var edges = new List<(double X, double Y)>();
        foreach (var record in records)
        {
            if (record.Parent is { } parent && position.TryGetValue(parent, out var from) && position.TryGetValue(record.Id, out var to))
            {
                edges.Add(from);
                edges.Add(to);
            }
        }

        var probes = records.Where(r => r.Round == 0 && position.ContainsKey(r.Id)).Select(r => position[r.Id]).ToList();
        var edits = records.Where(r => r.Round > 0 && position.ContainsKey(r.Id)).Select(r => position[r.Id]).ToList();
        var series = new List<ChartSeries>
        {
            new("edit (parent → child)", SeriesStyle.Segments, [.. edges.Select(e => e.X)], [.. edges.Select(e => e.Y)]),
            new("warm-up probe", SeriesStyle.Markers, [.. probes.Select(p => p.X)], [.. probes.Select(p => p.Y)]),
            new("local edit", SeriesStyle.Markers, [.. edits.Select(p => p.X)], [.. edits.Select(p => p.Y)]),
        };
        if (best is not null && position.TryGetValue(best.Id, out var top))
        {
            series.Add(new ChartSeries($"best ({best.Id})", SeriesStyle.Markers, [top.X], [top.Y]));
        }

        return new FigureBlock($"{id}-tree", "Search tree",
            "Every completed evaluation at its place in the order of evaluation and its score; a grey edge joins a recipe to the recipe it was edited from. Warm-up probes (Latin hypercube) have no parent.",
            new Chart("completed evaluations", "in-distribution mean (%)", series));
    }

    private static FigureBlock? Predictions(string id, List<SearchRecord> completed)
    {
        var predicted = completed.Where(r => r.Predicted is [_, _, ..]).ToList();
        if (predicted.Count == 0)
        {
            return null;
        }

        var actual = predicted.Select(r => r.Objective!.Value).ToList();
        var means = predicted.Select(r => r.Predicted![0]).ToList();
        var low = Math.Min(actual.Min(), means.Min());
        var high = Math.Max(actual.Max(), means.Max());
        return new FigureBlock($"{id}-surrogate", "Gaussian process: predicted against actual",
            "For each evaluation the surrogate chose: its predicted mean (± one standard deviation) against the score training then gave. Points on the diagonal were predicted exactly.",
            new Chart("actual in-distribution mean (%)", "predicted (%)",
            [
                new ChartSeries("prediction ± sd", SeriesStyle.Markers, actual, means,
                    [.. predicted.Select(r => r.Predicted![0] - r.Predicted[1])], [.. predicted.Select(r => r.Predicted![0] + r.Predicted[1])]),
                new ChartSeries("predicted = actual", SeriesStyle.Line, [low, high], [low, high]),
            ]));
    }

    private static IEnumerable<ReportBlock> BestRecipe(string folder, string id, SearchRecord best)
    {
        var tracePath = Path.Combine(folder, "traces", $"{best.Id}.json");
        if (File.Exists(tracePath))
        {
            var trace = RecipeRunFolder.ReadTrace(tracePath);
            yield return new TableBlock($"{id}-trace", $"Best recipe ({best.Id}): what each step kept",
                ["step", "operator", "arguments", "in", "out", "kept", "ms"],
                [.. trace.Select(t => (IReadOnlyList<string>)[
                    t.Path, t.Op, string.Join(", ", t.Arguments.Select(a => $"{a.Key}={a.Value}")), Format.Count(t.In), Format.Count(t.Out),
                    t.In == 0 ? "–" : Format.Percent((double)t.Out / t.In), Format.Number(t.Milliseconds, "0.0")])]);
        }

        yield return new TextBlock($"{id}-recipe", $"Best recipe ({best.Id})", JsonSerializer.Serialize(best.Recipe, new JsonSerializerOptions { WriteIndented = true }));
        if (best.Scores is { Count: > 0 } scores)
        {
            var names = scores.Keys.ToList();
            yield return new FigureBlock($"{id}-benchmarks", $"Benchmark scores of the best recipe ({best.Id})",
                "Per-benchmark scores after fine-tuning on the best recipe's subset (the first seed when it was confirmed with more).",
                new Chart("benchmark", "score (%)", [new ChartSeries(best.Id, SeriesStyle.Bars, [.. names.Select((_, i) => (double)i)], [.. names.Select(n => scores[n])])], names));
        }

        yield return new TableBlock($"{id}-state", $"State vector of the best subset ({best.Id})", ["component", "value"],
            [.. best.StateVector.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (IReadOnlyList<string>)[c.Key, Format.Number(c.Value, "0.####")])],
            "The realised subset's features that the surrogate ranks on: size, length and quality statistics, duplicate rate, per-benchmark relevance and MONA lifts.");
    }
}
