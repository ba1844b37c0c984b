using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DataSearch.Text;

/// <summary>
/// Near-duplicate clusters from MinHash signatures by locality-sensitive hashing: signatures are cut
/// into <c>bands</c> of <c>rows</c> values; two samples that agree on a whole band are candidates, and a
/// candidate joins the cluster when its estimated Jaccard similarity to the band's first sample reaches
/// the threshold. Clusters are the connected components; ids are numbered in order of first member.
/// </summary>
public static class LshClustering
{
    /// <summary>
    /// The (bands, rows) with bands·rows ≤ <paramref name="permutations"/> that minimise the sum of the
    /// false-positive and false-negative areas of the LSH S-curve around <paramref name="threshold"/>.
    /// </summary>
    public static (int Bands, int Rows) OptimalBands(double threshold, int permutations)
    {
        var best = (Bands: 1, Rows: permutations);
        var bestError = double.MaxValue;
        for (var bands = 1; bands <= permutations; bands++)
        {
            for (var rows = 1; bands * rows <= permutations; rows++)
            {
                var error = Integrate(0, threshold, s => Candidate(s, bands, rows)) + Integrate(threshold, 1, s => 1 - Candidate(s, bands, rows));
                if (error < bestError)
                {
                    bestError = error;
                    best = (bands, rows);
                }
            }
        }

        return best;
    }

    /// <summary>Cluster ids per sample, given signatures stored row-major (<paramref name="permutations"/> values each).</summary>
    public static int[] Cluster(uint[] signatures, int permutations, int bands, int rows, double threshold)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        if (bands * rows > permutations)
        {
            throw new ArgumentException($"bands × rows = {bands * rows} exceeds the signature length {permutations}");
        }

        var count = signatures.Length / permutations;
        var sets = new UnionFind(count);
        var buckets = new Dictionary<ulong, int>(count);
        for (var band = 0; band < bands; band++)
        {
            buckets.Clear();
            for (var i = 0; i < count; i++)
            {
                var signature = signatures.AsSpan(i * permutations, permutations);
                var key = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(signature.Slice(band * rows, rows)), band);
                ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets, key, out var exists);
                if (!exists)
                {
                    first = i;
                }
                else if (sets.Find(first) != sets.Find(i)
                    && MinHasher.Similarity(signatures.AsSpan(first * permutations, permutations), signature) >= threshold)
                {
                    sets.Union(first, i);
                }
            }
        }

        return sets.ClusterIds();
    }

    private static double Candidate(double similarity, int bands, int rows) => 1 - Math.Pow(1 - Math.Pow(similarity, rows), bands);

    private static double Integrate(double from, double to, Func<double, double> f)
    {
        const int Steps = 50;
        var width = (to - from) / Steps;
        var sum = 0.0;
        for (var i = 0; i < Steps; i++)
        {
            sum += f(from + ((i + 0.5) * width)) * width;
        }

        return sum;
    }
}
