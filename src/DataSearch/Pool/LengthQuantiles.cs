namespace DataSearch.Pool;

/// <summary>Length quantiles (nearest rank) of a set of values, in characters.</summary>
public sealed record LengthQuantiles(int Min, int P10, int P50, int P90, int P99, int Max, double Mean)
{
    /// <summary>Computes the quantiles of <paramref name="values"/> (sorted in place).</summary>
    public static LengthQuantiles Of(int[] values)
    {
        if (values.Length == 0)
        {
            return new LengthQuantiles(0, 0, 0, 0, 0, 0, 0);
        }

        Array.Sort(values);
        int At(double q) => values[Math.Clamp((int)Math.Ceiling(q * values.Length) - 1, 0, values.Length - 1)];
        return new LengthQuantiles(values[0], At(0.10), At(0.50), At(0.90), At(0.99), values[^1], values.Average(v => (double)v));
    }
}
