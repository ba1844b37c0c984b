using System.Globalization;

namespace DataSearch.Reports;

/// <summary>How numbers read in report cells (invariant culture, so a report is the same on every machine).</summary>
internal static class Format
{
    public static string Score(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "–";

    public static string Number(double value, string format = "0.###") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "–";

    public static string Percent(double fraction) => (100 * fraction).ToString("0", CultureInfo.InvariantCulture) + " %";
}
