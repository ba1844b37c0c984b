using DataSearch.Pool;
using DataSearch.Randomness;

namespace DataSearch.Recipes.Operators;

/// <summary>
/// Shared machinery of the mix operators: group the input, allocate a quota per group in proportion to
/// weights, then draw each group's quota uniformly at random (seeded). Samples are never repeated: a
/// recipe selects, it does not oversample. Without a total, the total is the largest one whose exact
/// proportions every group can fill.
/// </summary>
public static class Mixing
{
    /// <summary>How to group samples.</summary>
    public enum GroupBy
    {
        /// <summary>By <c>source_name</c>.</summary>
        Source,

        /// <summary>By first tag (the skill in the built-in world); untagged samples form <c>(none)</c>.</summary>
        Tag,
    }

    /// <summary>The name of the group without a tag.</summary>
    public const string NoTag = "(none)";

    /// <summary>The input's samples per group name, in pool order; groups sorted by name.</summary>
    public static SortedDictionary<string, List<int>> Groups(SamplePool pool, Selection input, GroupBy by)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(input);
        var groups = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var index in input.Indices)
        {
            var name = by == GroupBy.Source ? pool.GetSourceName(index) : pool.GetTags(index) is { Count: > 0 } tags ? tags[0] : NoTag;
            if (!groups.TryGetValue(name, out var members))
            {
                groups[name] = members = [];
            }

            members.Add(index);
        }

        return groups;
    }

    /// <summary>
    /// Quotas per group for <paramref name="weights"/> (groups without a weight get none) and a total
    /// (null: the largest exactly proportional total). Largest-remainder rounding; a group that cannot fill
    /// its share passes the rest to the others in proportion to their weights.
    /// </summary>
    public static SortedDictionary<string, int> Allocate(IReadOnlyDictionary<string, int> sizes, IReadOnlyDictionary<string, double> weights, int? total)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(weights);
        var active = sizes.Keys.Where(g => weights.GetValueOrDefault(g) > 0 && sizes[g] > 0).Order(StringComparer.Ordinal).ToList();
        var quotas = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var g in sizes.Keys)
        {
            quotas[g] = 0;
        }

        if (active.Count == 0)
        {
            return quotas;
        }

        var weightSum = active.Sum(g => weights[g]);
        var capacity = active.Sum(g => sizes[g]);
        var target = Math.Min(capacity, total ?? (int)Math.Floor(active.Min(g => sizes[g] / (weights[g] / weightSum)) + 1e-9));
        var remaining = target;
        var open = new List<string>(active);
        while (remaining > 0 && open.Count > 0)
        {
            var openWeight = open.Sum(g => weights[g]);
            var shares = open.Select(g => (Group: g, Exact: remaining * weights[g] / openWeight)).ToList();
            var given = 0;
            foreach (var (group, exact) in shares)
            {
                var add = Math.Min((int)Math.Floor(exact), sizes[group] - quotas[group]);
                quotas[group] += add;
                given += add;
            }

            foreach (var (group, _) in shares.OrderByDescending(s => s.Exact - Math.Floor(s.Exact)).ThenBy(s => s.Group, StringComparer.Ordinal))
            {
                if (given >= remaining)
                {
                    break;
                }

                if (quotas[group] < sizes[group])
                {
                    quotas[group]++;
                    given++;
                }
            }

            remaining -= given;
            open.RemoveAll(g => quotas[g] >= sizes[g]);
            if (given == 0)
            {
                break;
            }
        }

        return quotas;
    }

    /// <summary>Draws each group's quota uniformly at random without replacement.</summary>
    public static Selection Draw(SortedDictionary<string, List<int>> groups, IReadOnlyDictionary<string, int> quotas, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(quotas);
        ArgumentNullException.ThrowIfNull(random);
        var chosen = new List<int>();
        foreach (var (name, members) in groups)
        {
            var quota = quotas.GetValueOrDefault(name);
            if (quota >= members.Count)
            {
                chosen.AddRange(members);
                continue;
            }

            var pool = members.ToArray();
            for (var i = 0; i < quota; i++)
            {
                var j = random.Next(i, pool.Length);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                chosen.Add(pool[i]);
            }
        }

        return Selection.Of(chosen);
    }

    /// <summary>Group sizes of <paramref name="groups"/>.</summary>
    public static Dictionary<string, int> Sizes(SortedDictionary<string, List<int>> groups) =>
        groups.ToDictionary(g => g.Key, g => g.Value.Count, StringComparer.Ordinal);
}
