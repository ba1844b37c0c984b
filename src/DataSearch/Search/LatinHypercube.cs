using DataSearch.Randomness;

namespace DataSearch.Search;

/// <summary>
/// Latin-hypercube sampling on [0, 1]^d: each dimension is cut into n equal strata, each stratum is
/// used exactly once per dimension (a seeded random permutation per dimension), and the point is drawn
/// uniformly inside its stratum.
/// </summary>
public static class LatinHypercube
{
    /// <summary><paramref name="count"/> points in <paramref name="dimensions"/> dimensions.</summary>
    public static double[][] Sample(int count, int dimensions, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var points = Enumerable.Range(0, count).Select(_ => new double[dimensions]).ToArray();
        for (var d = 0; d < dimensions; d++)
        {
            var strata = Enumerable.Range(0, count).ToArray();
            random.Shuffle(strata);
            for (var i = 0; i < count; i++)
            {
                points[i][d] = (strata[i] + random.NextDouble()) / count;
            }
        }

        return points;
    }
}
