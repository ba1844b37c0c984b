namespace DataSearch.Search;

/// <summary>What a search's records say about its best so far, for the controller, the comparison and the report alike.</summary>
public static class SearchHistory
{
    /// <summary>The completed record with the best objective (the earlier id on a tie), or null when none completed.</summary>
    public static SearchRecord? Best(IEnumerable<SearchRecord> records) =>
        records.Where(r => r.Objective is not null).OrderByDescending(r => r.Objective).ThenBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The best objective after each completed evaluation, in the order they were chosen (<see cref="InChosenOrder"/>).</summary>
    public static List<double> BestSoFar(IEnumerable<SearchRecord> records)
    {
        var curve = new List<double>();
        var best = double.NegativeInfinity;
        foreach (var record in InChosenOrder(records).Where(r => r.Objective is not null))
        {
            best = Math.Max(best, record.Objective!.Value);
            curve.Add(best);
        }

        return curve;
    }

    /// <summary>
    /// The records in the order the search chose them (by id: e001, e002, …). With several evaluations in
    /// flight the log holds a batch in the order its evaluations finished, which varies from run to run;
    /// whatever the search decides or reports reads this order instead, so that it does not.
    /// </summary>
    public static List<SearchRecord> InChosenOrder(IEnumerable<SearchRecord> records) =>
        [.. records.OrderBy(r => IdNumber(r.Id)).ThenBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>The number in a record id (<c>e012</c> → 12), 0 when it has none.</summary>
    public static int IdNumber(string id) =>
        int.TryParse(id.AsSpan(Math.Min(1, id.Length)), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
}
