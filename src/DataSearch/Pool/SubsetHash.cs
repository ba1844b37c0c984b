using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DataSearch.Pool;

/// <summary>
/// The identity of a subset of a pool: a 64-bit XxHash3 of its sorted, distinct sample indices, as 16 hex
/// digits. Recipes, evaluation folders, caches and manifests all name a subset by it.
/// </summary>
public static class SubsetHash
{
    /// <summary>The hash of indices already sorted ascending and distinct.</summary>
    public static string OfSorted(ReadOnlySpan<int> sortedDistinct) =>
        XxHash3.HashToUInt64(MemoryMarshal.AsBytes(sortedDistinct)).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The hash of indices in any order, possibly repeated (the same subset gives the same hash).</summary>
    public static string Of(IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int[] sorted = [.. indices.Distinct().Order()];
        return OfSorted(sorted);
    }
}
