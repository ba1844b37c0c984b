namespace DataSearch.Recipes.Operators;

/// <summary>
/// Deterministic ranking of a selection by a score column in linear time: each sample becomes one
/// 64-bit key (order-preserving bits of the score, then a scramble of the pool index) and the k-th key
/// is found by selection rather than a full sort. Missing scores (NaN) never rank. Ties are broken by
/// the scrambled index (Fibonacci hashing, a bijection on 32 bits), not by the index itself: pools are
/// often concatenated source by source, and with saturated scores (a quality score of 1 for most
/// samples, BM25 relevance 0) "earlier sample first" would quietly select the first source. The
/// scramble spreads a run of tied samples evenly over the whole pool.
/// </summary>
public static class Ranking
{
    // Knuth's multiplicative-hash constant (2,654,435,761, a prime near 2³² / φ) and its inverse modulo 2³².
    private const uint FibonacciMultiplier = 0x9E3779B1u;
    private const uint FibonacciInverse = 0x0E8B2F51u;

    /// <summary>The <paramref name="k"/> best-scoring samples of <paramref name="input"/>.</summary>
    public static Selection Top(Selection input, float[] scores, int k, bool descending)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(scores);
        var keys = Keys(input, scores, descending);
        if (k <= 0 || keys.Length == 0)
        {
            return Selection.Empty;
        }

        if (k < keys.Length)
        {
            var kth = Select(keys, k - 1);
            keys = [.. keys.Where(key => key <= kth)];
        }

        var chosen = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            chosen[i] = IndexOf(keys[i]);
        }

        Array.Sort(chosen);
        return Selection.FromSorted(chosen);
    }

    /// <summary>The <paramref name="quantile"/> (0–1, lower interpolation) of the scores of <paramref name="input"/>, or NaN when none is scored.</summary>
    public static float Quantile(Selection input, float[] scores, double quantile)
    {
        ArgumentNullException.ThrowIfNull(input);
        var keys = Keys(input, scores, descending: false);
        if (keys.Length == 0)
        {
            return float.NaN;
        }

        var rank = (int)Math.Floor(Math.Clamp(quantile, 0, 1) * (keys.Length - 1));
        return scores[IndexOf(Select(keys, rank))];
    }

    /// <summary>How many samples of <paramref name="input"/> have a score.</summary>
    public static int Scored(Selection input, float[] scores)
    {
        ArgumentNullException.ThrowIfNull(input);
        var count = 0;
        foreach (var index in input.Indices)
        {
            count += float.IsNaN(scores[index]) ? 0 : 1;
        }

        return count;
    }

    /// <summary>The position of pool index <paramref name="index"/> among tied samples.</summary>
    public static uint TieBreak(int index) => unchecked((uint)index * FibonacciMultiplier);

    private static int IndexOf(ulong key) => (int)unchecked((uint)key * FibonacciInverse);

    private static ulong[] Keys(Selection input, float[] scores, bool descending)
    {
        var keys = new ulong[Scored(input, scores)];
        var n = 0;
        foreach (var index in input.Indices)
        {
            var score = scores[index];
            if (float.IsNaN(score))
            {
                continue;
            }

            var bits = BitConverter.SingleToUInt32Bits(score == 0 ? 0f : score);
            var ordered = (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
            keys[n++] = ((ulong)(descending ? ~ordered : ordered) << 32) | TieBreak(index);
        }

        return keys;
    }

    /// <summary>The element of rank <paramref name="rank"/> (0-based) of distinct keys; reorders <paramref name="keys"/>.</summary>
    private static ulong Select(ulong[] keys, int rank)
    {
        int left = 0, right = keys.Length - 1;
        while (left < right)
        {
            var mid = left + ((right - left) / 2);
            var pivot = Median(keys[left], keys[mid], keys[right]);
            int i = left, j = right;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }

            if (rank <= j)
            {
                right = j;
            }
            else if (rank >= i)
            {
                left = i;
            }
            else
            {
                return keys[rank];
            }
        }

        return keys[rank];
    }

    private static ulong Median(ulong a, ulong b, ulong c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
