namespace DataSearch.Text;

/// <summary>Disjoint sets over 0..n-1 with path halving; the smallest index of a set is its root, so cluster ids are deterministic.</summary>
public sealed class UnionFind
{
    private readonly int[] parent;

    /// <summary>Creates <paramref name="count"/> singleton sets.</summary>
    public UnionFind(int count)
    {
        parent = new int[count];
        for (var i = 0; i < count; i++)
        {
            parent[i] = i;
        }
    }

    /// <summary>The root (smallest member) of <paramref name="item"/>'s set.</summary>
    public int Find(int item)
    {
        while (parent[item] != item)
        {
            parent[item] = parent[parent[item]];
            item = parent[item];
        }

        return item;
    }

    /// <summary>Merges the sets of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public void Union(int a, int b)
    {
        var rootA = Find(a);
        var rootB = Find(b);
        if (rootA < rootB)
        {
            parent[rootB] = rootA;
        }
        else if (rootB < rootA)
        {
            parent[rootA] = rootB;
        }
    }

    /// <summary>Cluster ids 0..k-1 numbered in order of each cluster's first member.</summary>
    public int[] ClusterIds()
    {
        var ids = new int[parent.Length];
        var next = 0;
        for (var i = 0; i < parent.Length; i++)
        {
            var root = Find(i);
            ids[i] = root == i ? next++ : ids[root];
        }

        return ids;
    }
}
