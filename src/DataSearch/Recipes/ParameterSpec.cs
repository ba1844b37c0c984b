using System.Globalization;

namespace DataSearch.Recipes;

/// <summary>
/// One typed operator parameter: its range, choices and default. A null default means "unset" (the
/// operator then falls back as its description says); <see cref="Required"/> parameters have no default.
/// </summary>
/// <param name="Name">The name used in recipes (snake_case).</param>
/// <param name="Type">The value type.</param>
/// <param name="Description">One line for people and agents.</param>
/// <param name="Default">The default value (long, double, bool, string, string list or weights), or null.</param>
/// <param name="Min">Smallest allowed number (Int, Float), or null.</param>
/// <param name="Max">Largest allowed number (Int, Float), or null.</param>
/// <param name="Choices">Allowed words (Choice).</param>
/// <param name="Required">Whether a recipe must give a value.</param>
/// <param name="Domain">What the recipe search may vary here (its type, by default).</param>
public sealed record ParameterSpec(
    string Name,
    ParameterType Type,
    string Description,
    object? Default = null,
    double? Min = null,
    double? Max = null,
    IReadOnlyList<string>? Choices = null,
    bool Required = false,
    SearchDomain Domain = SearchDomain.Value)
{
    /// <summary>The type as the catalog spells it.</summary>
    public string TypeName => Type switch
    {
        ParameterType.Int => "int",
        ParameterType.Float => "float",
        ParameterType.Bool => "bool",
        ParameterType.String => "str",
        ParameterType.Choice => "choice",
        ParameterType.StringList => "list[str]",
        ParameterType.Weights => "dict[str,float]",
        _ => "branches",
    };

    /// <summary>
    /// Converts a raw recipe value (from <see cref="RecipeReader"/> or built in code) to this parameter's
    /// type, or returns the reason it cannot.
    /// </summary>
    public (object? Value, string? Error) Convert(object? raw)
    {
        if (raw is null)
        {
            return Required ? (null, "a value is required") : (null, null);
        }

        switch (Type)
        {
            case ParameterType.Int:
                {
                    var number = raw switch
                    {
                        long l => l,
                        int i => i,
                        double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => (long)d,
                        _ => (long?)null,
                    };
                    return number is { } n ? InRange(n, n) : (null, $"expected a whole number, got {Describe(raw)}");
                }

            case ParameterType.Float:
                {
                    var number = raw switch
                    {
                        double d => d,
                        long l => l,
                        int i => i,
                        float f => f,
                        _ => (double?)null,
                    };
                    return number is { } n && double.IsFinite(n) ? InRange(n, n) : (null, $"expected a number, got {Describe(raw)}");
                }

            case ParameterType.Bool:
                return raw is bool b ? (b, null) : (null, $"expected true or false, got {Describe(raw)}");
            case ParameterType.String:
                return raw is string s ? (s, null) : (null, $"expected text, got {Describe(raw)}");
            case ParameterType.Choice:
                return raw is string word && Choices!.Contains(word)
                    ? (word, null)
                    : (null, $"expected one of {string.Join(", ", Choices!)}, got {Describe(raw)}");
            case ParameterType.StringList:
                if (raw is string single)
                {
                    return (new[] { single }, null);
                }

                if (raw is IEnumerable<object?> items && raw is not string)
                {
                    var list = items.ToList();
                    return list.All(i => i is string) ? (list.Cast<string>().ToArray(), null) : (null, "expected a list of text values");
                }

                return (null, $"expected a list of text values, got {Describe(raw)}");
            case ParameterType.Weights:
                if (raw is IReadOnlyDictionary<string, object?> map)
                {
                    var weights = new SortedDictionary<string, double>(StringComparer.Ordinal);
                    foreach (var (key, value) in map)
                    {
                        var weight = value switch { double d => d, long l => l, int i => i, _ => double.NaN };
                        if (!double.IsFinite(weight) || weight < 0)
                        {
                            return (null, $"weight of '{key}' must be a number ≥ 0, got {Describe(value)}");
                        }

                        weights[key] = weight;
                    }

                    return weights.Count == 0 || weights.Values.Sum() <= 0
                        ? (null, "expected at least one positive weight")
                        : (weights, null);
                }

                return (null, $"expected a map of names to weights, got {Describe(raw)}");
            default:
                return raw is IReadOnlyList<IReadOnlyList<RecipeStep>> branches
                    ? branches.Count == 0 ? (null, "expected at least one branch") : (branches, null)
                    : (null, "expected a list of branches, each a list of {op, params} steps");
        }
    }

    private (object? Value, string? Error) InRange(double number, object value)
    {
        if ((Min is { } min && number < min) || (Max is { } max && number > max))
        {
            return (null, $"{Format(number)} is out of range [{(Min is { } a ? Format(a) : "-∞")}, {(Max is { } b ? Format(b) : "∞")}]");
        }

        return (value, null);
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>A short description of a raw value for error messages.</summary>
    public static string Describe(object? raw) => raw switch
    {
        null => "null",
        string s => $"\"{(s.Length > 40 ? s[..40] + "…" : s)}\"",
        bool b => b ? "true" : "false",
        long or int or double or float => System.Convert.ToString(raw, CultureInfo.InvariantCulture)!,
        IReadOnlyDictionary<string, object?> => "a map",
        System.Collections.IEnumerable => "a list",
        _ => raw.GetType().Name,
    };
}
