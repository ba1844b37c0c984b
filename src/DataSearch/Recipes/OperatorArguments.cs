namespace DataSearch.Recipes;

/// <summary>
/// An operator's parameters after validation: every declared parameter present, converted to its type
/// (long, double, bool, string, string[], sorted weights, branches) or null when unset.
/// </summary>
public sealed class OperatorArguments
{
    private readonly IReadOnlyDictionary<string, object?> values;

    /// <summary>Wraps validated values.</summary>
    public OperatorArguments(IReadOnlyDictionary<string, object?> values) => this.values = values;

    /// <summary>All values by name.</summary>
    public IReadOnlyDictionary<string, object?> Values => values;

    /// <summary>Whether the parameter has a (non-null) value.</summary>
    public bool Has(string name) => values.TryGetValue(name, out var v) && v is not null;

    /// <summary>A whole-number parameter that has a value.</summary>
    public int Int(string name) => checked((int)(long)Get(name)!);

    /// <summary>A whole-number parameter, or null.</summary>
    public int? IntOrNull(string name) => Has(name) ? Int(name) : null;

    /// <summary>A number parameter that has a value.</summary>
    public double Float(string name) => (double)Get(name)!;

    /// <summary>A number parameter, or null.</summary>
    public double? FloatOrNull(string name) => Has(name) ? Float(name) : null;

    /// <summary>A boolean parameter.</summary>
    public bool Bool(string name) => (bool)Get(name)!;

    /// <summary>A text or choice parameter that has a value.</summary>
    public string String(string name) => (string)Get(name)!;

    /// <summary>A text parameter, or null.</summary>
    public string? StringOrNull(string name) => Get(name) as string;

    /// <summary>A list parameter (empty when unset).</summary>
    public IReadOnlyList<string> Strings(string name) => Get(name) as string[] ?? [];

    /// <summary>A weights parameter (empty when unset).</summary>
    public IReadOnlyDictionary<string, double> Weights(string name) =>
        Get(name) as IReadOnlyDictionary<string, double> ?? new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>A branches parameter (empty when unset).</summary>
    public IReadOnlyList<IReadOnlyList<RecipeStep>> Branches(string name) =>
        Get(name) as IReadOnlyList<IReadOnlyList<RecipeStep>> ?? [];

    private object? Get(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"operator has no parameter '{name}'");
}
