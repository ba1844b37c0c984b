namespace DataSearch.Recipes;

/// <summary>The operators a recipe may name: the built-ins plus whatever extensions register.</summary>
public sealed class OperatorRegistry
{
    private readonly SortedDictionary<string, RecipeOperator> operators = new(StringComparer.Ordinal);

    /// <summary>An empty registry.</summary>
    public OperatorRegistry()
    {
    }

    /// <summary>A registry holding every built-in operator.</summary>
    public static OperatorRegistry CreateDefault()
    {
        var registry = new OperatorRegistry();
        foreach (var op in Operators.BuiltInOperators.All())
        {
            registry.Register(op);
        }

        return registry;
    }

    /// <summary>All operators, by name.</summary>
    public IReadOnlyCollection<RecipeOperator> All => operators.Values;

    /// <summary>Adds an operator.</summary>
    /// <exception cref="ArgumentException">The name is taken, or a parameter is declared twice.</exception>
    public void Register(RecipeOperator op)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (string.IsNullOrWhiteSpace(op.Name))
        {
            throw new ArgumentException($"{op.GetType().Name}: an operator needs a name");
        }

        if (op.Parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"operator '{op.Name}' declares parameter '{twice.Key}' twice");
        }

        if (!operators.TryAdd(op.Name, op))
        {
            throw new ArgumentException($"operator '{op.Name}' is already registered (by {operators[op.Name].GetType().FullName})");
        }
    }

    /// <summary>Looks an operator up by name.</summary>
    public bool TryGet(string name, out RecipeOperator op) => operators.TryGetValue(name, out op!);

    /// <summary>The registered name closest to <paramref name="name"/> (edit distance ≤ 3), for "did you mean".</summary>
    public string? Closest(string name) =>
        operators.Keys.Select(k => (Key: k, Distance: EditDistance(k, name))).Where(k => k.Distance <= 3).OrderBy(k => k.Distance).ThenBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key).FirstOrDefault();

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
