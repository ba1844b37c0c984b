using System.Globalization;

namespace DataSearch.Signals.Providers;

/// <summary>MinHash LSH settings; bands and rows are derived from the threshold when not given.</summary>
/// <param name="NgramSize">Words per shingle.</param>
/// <param name="Permutations">Signature length (AutoSelection's <c>num_perm</c>).</param>
/// <param name="Threshold">Estimated Jaccard similarity at or above which two samples are near duplicates.</param>
/// <param name="Bands">LSH bands, or null for the optimum at the threshold.</param>
/// <param name="Rows">Rows per band, or null for the optimum at the threshold.</param>
public sealed record NearDuplicateSettings(int NgramSize = 5, int Permutations = 128, double Threshold = 0.8, int? Bands = null, int? Rows = null)
{
    /// <summary>The column name these settings produce: <c>near_dup</c> for the defaults, else with the settings appended.</summary>
    public string ColumnName => this == new NearDuplicateSettings() ? "near_dup" : $"near_dup:{Key}";

    /// <summary>A compact, stable text form of the settings.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"n{NgramSize}-p{Permutations}-t{Threshold:0.###}-b{Bands?.ToString(CultureInfo.InvariantCulture) ?? "auto"}-r{Rows?.ToString(CultureInfo.InvariantCulture) ?? "auto"}");

    /// <summary>The (bands, rows) used.</summary>
    public (int Bands, int Rows) Banding()
    {
        if (Bands is { } bands && Rows is { } rows)
        {
            return (bands, rows);
        }

        var (b, r) = DataSearch.Text.LshClustering.OptimalBands(Threshold, Permutations);
        return (Bands ?? Math.Max(1, Permutations / (Rows ?? r)), Rows ?? Math.Max(1, Permutations / (Bands ?? b)));
    }
}
