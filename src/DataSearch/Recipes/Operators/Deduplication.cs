using DataSearch.Randomness;

namespace DataSearch.Recipes.Operators;

/// <summary>Keeps one sample per duplicate cluster, and clusters vectors for the embedding-based dedups.</summary>
public static class Deduplication
{
    /// <summary>
    /// One member per cluster of the input: the first in pool order, the longest (<paramref name="lengths"/>),
    /// or the highest <paramref name="scores"/>; ties go to the earlier sample.
    /// </summary>
    public static Selection KeepOnePerCluster(Selection input, int[] clusters, string keep, float[]? lengths, float[]? scores)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(clusters);
        var size = 0;
        foreach (var index in input.Indices)
        {
            size = Math.Max(size, clusters[index] + 1);
        }

        // best[c] holds 1 + the chosen member of cluster c (0: none yet).
        var best = new int[size];
        foreach (var index in input.Indices)
        {
            ref var current = ref best[clusters[index]];
            if (current == 0 || Better(index, current - 1, keep, lengths, scores))
            {
                current = index + 1;
            }
        }

        return input.Where(index => best[clusters[index]] == index + 1);
    }

    /// <summary>
    /// Greedy cosine dedup inside k-means clusters: samples are visited in keep-policy order and kept
    /// unless their cosine similarity to a sample already kept in the same cluster reaches the threshold.
    /// </summary>
    public static Selection CosineDedup(Selection input, float[] vectors, int width, int clusterCount, double threshold, string keep, float[]? lengths, float[]? scores, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(input);
        var members = input.ToArray();
        var unit = Normalized(members, vectors, width);
        var assignment = KMeans(unit, members.Length, width, Math.Clamp(clusterCount, 1, Math.Max(1, members.Length)), random);
        var order = Enumerable.Range(0, members.Length).ToArray();
        Array.Sort(order, (a, b) => a == b ? 0 : Better(members[a], members[b], keep, lengths, scores) ? -1 : Better(members[b], members[a], keep, lengths, scores) ? 1 : members[a].CompareTo(members[b]));
        var keptByCluster = new Dictionary<int, List<int>>();
        var kept = new List<int>();
        foreach (var m in order)
        {
            if (!keptByCluster.TryGetValue(assignment[m], out var others))
            {
                keptByCluster[assignment[m]] = others = [];
            }

            if (others.All(o => Dot(unit, m, o, width) < threshold))
            {
                others.Add(m);
                kept.Add(members[m]);
            }
        }

        return Selection.Of(kept);
    }

    private static bool Better(int candidate, int current, string keep, float[]? lengths, float[]? scores) => keep switch
    {
        "longest" => lengths![candidate] > lengths[current] || (lengths[candidate] == lengths[current] && candidate < current),
        "highest_score" => Score(scores!, candidate) > Score(scores!, current) || (Score(scores!, candidate) == Score(scores!, current) && candidate < current),
        _ => candidate < current,
    };

    private static float Score(float[] scores, int index) => float.IsNaN(scores[index]) ? float.NegativeInfinity : scores[index];

    private static float[] Normalized(int[] members, float[] vectors, int width)
    {
        var unit = new float[members.Length * width];
        for (var m = 0; m < members.Length; m++)
        {
            var source = vectors.AsSpan(members[m] * width, width);
            var norm = Math.Sqrt(source.ToArray().Sum(v => (double)v * v));
            for (var d = 0; d < width; d++)
            {
                unit[(m * width) + d] = norm > 0 ? (float)(source[d] / norm) : 0;
            }
        }

        return unit;
    }

    private static double Dot(float[] unit, int a, int b, int width)
    {
        var sum = 0.0;
        for (var d = 0; d < width; d++)
        {
            sum += unit[(a * width) + d] * unit[(b * width) + d];
        }

        return sum;
    }

    /// <summary>Points the k-means centres are fitted on; the rest are only assigned.</summary>
    private const int FitSample = 4096;

    /// <summary>
    /// Spherical k-means (cosine) with k-means++ seeding, at most 10 rounds, fitted on a seeded sample of
    /// at most <see cref="FitSample"/> points; every point is then assigned to its nearest centre.
    /// </summary>
    public static int[] KMeans(float[] unit, int count, int width, int k, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(random);
        if (count == 0)
        {
            return [];
        }

        var sample = Enumerable.Range(0, count).ToArray();
        if (count > FitSample)
        {
            random.Shuffle(sample);
            sample = [.. sample.Take(FitSample).Order()];
        }

        k = Math.Clamp(k, 1, sample.Length);
        var centres = Seed(unit, sample, width, k, random);
        var assignment = new int[sample.Length];
        for (var round = 0; round < 10; round++)
        {
            var changed = false;
            for (var i = 0; i < sample.Length; i++)
            {
                var best = Nearest(unit, sample[i], centres, k, width);
                changed |= round == 0 || assignment[i] != best;
                assignment[i] = best;
            }

            if (!changed)
            {
                break;
            }

            Array.Clear(centres);
            for (var i = 0; i < sample.Length; i++)
            {
                for (var d = 0; d < width; d++)
                {
                    centres[(assignment[i] * width) + d] += unit[(sample[i] * width) + d];
                }
            }

            for (var c = 0; c < k; c++)
            {
                var norm = 0.0;
                for (var d = 0; d < width; d++)
                {
                    norm += centres[(c * width) + d] * centres[(c * width) + d];
                }

                norm = Math.Sqrt(norm);
                for (var d = 0; d < width && norm > 0; d++)
                {
                    centres[(c * width) + d] /= norm;
                }
            }
        }

        var all = new int[count];
        for (var i = 0; i < count; i++)
        {
            all[i] = Nearest(unit, i, centres, k, width);
        }

        return all;
    }

    private static int Nearest(float[] unit, int point, double[] centres, int k, int width)
    {
        var best = 0;
        var bestDot = double.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            var dot = 0.0;
            for (var d = 0; d < width; d++)
            {
                dot += unit[(point * width) + d] * centres[(c * width) + d];
            }

            if (dot > bestDot)
            {
                bestDot = dot;
                best = c;
            }
        }

        return best;
    }

    /// <summary>
    /// k-means++ seeding: each next centre is drawn with probability proportional to its squared
    /// distance from the nearest centre so far, so near-identical points rarely seed two clusters.
    /// </summary>
    private static double[] Seed(float[] unit, int[] sample, int width, int k, DeterministicRandom random)
    {
        var centres = new double[k * width];
        var nearest = new double[sample.Length];
        Array.Fill(nearest, double.PositiveInfinity);
        var chosen = sample[random.Next(sample.Length)];
        for (var c = 0; c < k; c++)
        {
            for (var d = 0; d < width; d++)
            {
                centres[(c * width) + d] = unit[(chosen * width) + d];
            }

            var total = 0.0;
            for (var i = 0; i < sample.Length; i++)
            {
                var distance = 0.0;
                for (var d = 0; d < width; d++)
                {
                    var delta = unit[(sample[i] * width) + d] - centres[(c * width) + d];
                    distance += delta * delta;
                }

                nearest[i] = Math.Min(nearest[i], distance);
                total += nearest[i];
            }

            var target = random.NextDouble() * total;
            chosen = sample[^1];
            for (var i = 0; i < sample.Length; i++)
            {
                target -= nearest[i];
                if (target < 0)
                {
                    chosen = sample[i];
                    break;
                }
            }
        }

        return centres;
    }
}
