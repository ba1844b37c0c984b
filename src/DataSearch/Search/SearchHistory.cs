namespace DataSearch.Search;

/// <summary>What a search's records say about its best so far, for the controller, the comparison and the report alike.</summary>
public static class SearchHistory
{
    /// <summary>The completed record with the best objective (the earlier id on a tie), or null when none completed.</summary>
    public static SearchRecord? Best(IEnumerable<SearchRecord> records) =>
        records.Where(r => r.Objective is not null).OrderByDescending(r => r.Objective).ThenBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>The best objective after each completed evaluation, in log order.</summary>
    public static List<double> BestSoFar(IEnumerable<SearchRecord> records)
    {
        var curve = new List<double>();
        var best = double.NegativeInfinity;
        foreach (var record in records.Where(r => r.Objective is not null))
        {
            best = Math.Max(best, record.Objective!.Value);
            curve.Add(best);
        }

        return curve;
    }
}
