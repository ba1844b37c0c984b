using DataSearch.Pool;

namespace DataSearch.Recipes;

/// <summary>
/// A subset of a pool as sorted, distinct sample indices. Operators take one and return one; nothing
/// else about a sample travels through a recipe.
/// </summary>
public sealed class Selection
{
    private readonly int[] indices;

    private Selection(int[] sortedDistinct) => indices = sortedDistinct;

    /// <summary>The sorted indices.</summary>
    public ReadOnlySpan<int> Indices => indices;

    /// <summary>The number of samples.</summary>
    public int Count => indices.Length;

    /// <summary>Sample position <paramref name="i"/> (in pool order).</summary>
    public int this[int i] => indices[i];

    /// <summary>Every sample of a pool of <paramref name="count"/>.</summary>
    public static Selection All(int count)
    {
        var all = new int[count];
        for (var i = 0; i < count; i++)
        {
            all[i] = i;
        }

        return new Selection(all);
    }

    /// <summary>The empty selection.</summary>
    public static Selection Empty { get; } = new([]);

    /// <summary>From indices in any order, possibly repeated.</summary>
    public static Selection Of(IEnumerable<int> indices)
    {
        var array = indices.ToArray();
        Array.Sort(array);
        var distinct = 0;
        for (var i = 0; i < array.Length; i++)
        {
            if (i == 0 || array[i] != array[i - 1])
            {
                array[distinct++] = array[i];
            }
        }

        return new Selection(distinct == array.Length ? array : array[..distinct]);
    }

    /// <summary>From indices already sorted and distinct (not checked in release builds).</summary>
    internal static Selection FromSorted(int[] sortedDistinct) => new(sortedDistinct);

    /// <summary>The samples for which <paramref name="keep"/> holds, order kept.</summary>
    public Selection Where(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var buffer = System.Buffers.ArrayPool<int>.Shared.Rent(Math.Max(1, indices.Length));
        var count = 0;
        foreach (var index in indices)
        {
            if (keep(index))
            {
                buffer[count++] = index;
            }
        }

        var result = count == indices.Length ? this : new Selection(buffer.AsSpan(0, count).ToArray());
        System.Buffers.ArrayPool<int>.Shared.Return(buffer);
        return result;
    }

    /// <summary>Samples in either selection.</summary>
    public Selection Union(Selection other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new List<int>(indices.Length + other.indices.Length);
        int i = 0, j = 0;
        while (i < indices.Length || j < other.indices.Length)
        {
            if (j == other.indices.Length || (i < indices.Length && indices[i] < other.indices[j]))
            {
                result.Add(indices[i++]);
            }
            else if (i == indices.Length || other.indices[j] < indices[i])
            {
                result.Add(other.indices[j++]);
            }
            else
            {
                result.Add(indices[i++]);
                j++;
            }
        }

        return new Selection([.. result]);
    }

    /// <summary>Samples in both selections.</summary>
    public Selection Intersect(Selection other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new List<int>(Math.Min(indices.Length, other.indices.Length));
        int i = 0, j = 0;
        while (i < indices.Length && j < other.indices.Length)
        {
            if (indices[i] < other.indices[j])
            {
                i++;
            }
            else if (other.indices[j] < indices[i])
            {
                j++;
            }
            else
            {
                result.Add(indices[i++]);
                j++;
            }
        }

        return new Selection([.. result]);
    }

    /// <summary>Samples in this selection and not in <paramref name="other"/>.</summary>
    public Selection Except(Selection other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var result = new List<int>(indices.Length);
        var j = 0;
        foreach (var index in indices)
        {
            while (j < other.indices.Length && other.indices[j] < index)
            {
                j++;
            }

            if (j == other.indices.Length || other.indices[j] != index)
            {
                result.Add(index);
            }
        }

        return new Selection([.. result]);
    }

    /// <summary>The subset's <see cref="SubsetHash"/>: 16 hex digits, cheap enough for every step's trace.</summary>
    public string Hash() => SubsetHash.OfSorted(Indices);

    /// <summary>A copy of the indices.</summary>
    public int[] ToArray() => (int[])indices.Clone();
}
