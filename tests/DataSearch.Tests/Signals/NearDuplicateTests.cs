using CsCheck;
using DataSearch.Signals.Providers;
using DataSearch.Tests.Support;
using DataSearch.Text;

namespace DataSearch.Tests.Signals;

public class NearDuplicateTests
{
    [Fact]
    public void Signatures_ignore_case_spacing_and_punctuation()
    {
        var hasher = new MinHasher(3, 64);
        var a = new uint[64];
        var b = new uint[64];
        hasher.Sign("The quick brown fox jumps", a);
        hasher.Sign("the  QUICK brown, fox jumps !", b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Estimated_similarity_tracks_true_jaccard_of_shingle_sets()
    {
        // Word 1-grams: A = {w0..w99}, B = {w50..w149}: |A∩B| = 50, |A∪B| = 150, J = 1/3.
        var hasher = new MinHasher(1, 512);
        var a = new uint[512];
        var b = new uint[512];
        hasher.Sign(string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}")), a);
        hasher.Sign(string.Join(' ', Enumerable.Range(50, 100).Select(i => $"w{i}")), b);
        Assert.InRange(MinHasher.Similarity(a, b), 1 / 3.0 - 0.07, 1 / 3.0 + 0.07);
    }

    [Fact]
    public void Optimal_banding_puts_the_s_curve_near_the_threshold()
    {
        foreach (var threshold in new[] { 0.5, 0.8, 0.9 })
        {
            var (bands, rows) = LshClustering.OptimalBands(threshold, 128);
            Assert.True(bands * rows <= 128);
            var midpoint = Math.Pow(1.0 / bands, 1.0 / rows); // similarity at which P(candidate) ≈ 1 − 1/e
            Assert.InRange(midpoint, threshold - 0.15, threshold + 0.1);
        }
    }

    [Fact]
    public void Near_copies_share_a_cluster_and_distinct_texts_do_not()
    {
        var words = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        var pool = PoolMaker.Make(
            (words, "answer"),
            (words.Replace("word30", "WORD30", StringComparison.Ordinal) + " !", "answer"),
            (words.Replace("word3", "other", StringComparison.Ordinal), "answer"),
            ("completely different text about llamas and their wool", "answer"));
        var clusters = NearDuplicates.Clusters(pool, new NearDuplicateSettings(), null, default);
        Assert.Equal(clusters[0], clusters[1]);
        Assert.NotEqual(clusters[0], clusters[3]);
        // word3, word30..39 replaced: 11 of 60 words, far below Jaccard 0.8 on 5-grams.
        Assert.NotEqual(clusters[0], clusters[2]);
    }

    [Fact]
    public void Union_find_numbers_clusters_by_first_member() =>
        Gen.Int[0, 30].Array[0, 40].Sample(pairs =>
        {
            var sets = new UnionFind(31);
            for (var i = 0; i + 1 < pairs.Length; i += 2)
            {
                sets.Union(pairs[i], pairs[i + 1]);
            }

            var ids = sets.ClusterIds();
            var next = 0;
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[..i].Contains(ids[i]))
                {
                    continue;
                }

                Assert.Equal(next++, ids[i]);
            }

            for (var i = 0; i + 1 < pairs.Length; i += 2)
            {
                Assert.Equal(ids[pairs[i]], ids[pairs[i + 1]]);
            }
        });
}
