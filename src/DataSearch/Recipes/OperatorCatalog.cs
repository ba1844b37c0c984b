using System.Globalization;
using DataSearch.Errors;
using DataSearch.IO;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DataSearch.Recipes;

/// <summary>
/// The operator catalog (<c>operator_catalog.yaml</c>): what a search agent reads about each operator —
/// its family, description and the range it may search for each parameter. It must agree with the
/// registry: <see cref="Check"/> lists every operator offered but not registered, registered but not
/// offered, and every parameter whose name, type, range or choices disagree.
/// </summary>
public sealed class OperatorCatalog
{
    /// <summary>The file layout version.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Operator families by name.</summary>
    public Dictionary<string, CatalogFamily> Families { get; set; } = [];

    /// <summary>Every catalogued operator by name, with its family.</summary>
    [YamlIgnore]
    public IReadOnlyDictionary<string, (string Family, CatalogOperator Operator)> Operators =>
        Families.SelectMany(f => f.Value.Operators.Select(o => (o.Key, (f.Key, o.Value)))).ToDictionary(o => o.Key, o => o.Item2, StringComparer.Ordinal);

    /// <summary>Reads a catalog file.</summary>
    public static OperatorCatalog Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such operator catalog");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses catalog text.</summary>
    public static OperatorCatalog Parse(string text, string path)
    {
        return YamlText.DeserializeFile<OperatorCatalog>(Deserializer(), text, path) ?? new OperatorCatalog();
    }

    /// <summary>Writes the catalog as YAML.</summary>
    public string ToYaml() => new SerializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull).Build().Serialize(this);

    /// <summary>
    /// Adds or replaces operators from <paramref name="patch"/> (an extension's catalog entries), family by family.
    /// </summary>
    public void Merge(OperatorCatalog patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var (family, content) in patch.Families)
        {
            if (!Families.TryGetValue(family, out var target))
            {
                Families[family] = target = new CatalogFamily();
            }

            foreach (var (name, op) in content.Operators)
            {
                foreach (var other in Families.Values)
                {
                    other.Operators.Remove(name);
                }

                target.Operators[name] = op;
            }
        }
    }

    /// <summary>
    /// Fills in what the operators themselves say — descriptions, parameter types, defaults, whether
    /// required, choices, and parameters the file does not list — so that a catalog file holds only what
    /// code does not know (each operator's family, search ranges, parameters the search leaves alone) and
    /// no operator's text is written twice. Text a file does give (an extension's patch, say) is kept.
    /// </summary>
    public void CompleteFrom(OperatorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var family in Families.Values)
        {
            foreach (var (name, entry) in family.Operators)
            {
                if (!registry.TryGet(name, out var op))
                {
                    continue;
                }

                entry.Description = entry.Description.Length > 0 ? entry.Description : op.Description;
                var listed = entry.Params;
                entry.Params = new Dictionary<string, CatalogParameter>(StringComparer.Ordinal);
                foreach (var spec in op.Parameters)
                {
                    var parameter = listed.GetValueOrDefault(spec.Name) ?? new CatalogParameter();
                    parameter.Type = parameter.Type.Length > 0 ? parameter.Type : spec.TypeName;
                    parameter.Default ??= Text(spec.Default);
                    parameter.Required |= spec.Required;
                    parameter.Choices ??= spec.Choices is { } choices ? [.. choices] : null;
                    parameter.Description = parameter.Description.Length > 0 ? parameter.Description : spec.Description;
                    entry.Params[spec.Name] = parameter;
                }

                // A listed parameter the operator lacks stays, for Check to report.
                foreach (var (extra, parameter) in listed.Where(p => !entry.Params.ContainsKey(p.Key)))
                {
                    entry.Params[extra] = parameter;
                }
            }
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        string s => s,
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Text)) + "]",
        _ => value.ToString(),
    };

    /// <summary>Every disagreement between this catalog and <paramref name="registry"/>.</summary>
    public IReadOnlyList<string> Check(OperatorRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var problems = new List<string>();
        var catalogued = Operators;
        foreach (var name in catalogued.Keys.Order(StringComparer.Ordinal))
        {
            if (!registry.TryGet(name, out var op))
            {
                problems.Add($"{name}: offered by the catalog but not registered");
                continue;
            }

            var entry = catalogued[name].Operator;
            foreach (var (parameterName, parameter) in entry.Params)
            {
                var spec = op.Parameters.FirstOrDefault(p => p.Name == parameterName);
                if (spec is null)
                {
                    problems.Add($"{name}.{parameterName}: in the catalog but not a parameter of the operator");
                    continue;
                }

                if (parameter.Type != spec.TypeName)
                {
                    problems.Add($"{name}.{parameterName}: catalog type {parameter.Type}, operator type {spec.TypeName}");
                }

                if (parameter.SearchRange is { Count: 2 } range)
                {
                    var low = double.Parse(range[0], CultureInfo.InvariantCulture);
                    var high = double.Parse(range[1], CultureInfo.InvariantCulture);
                    if (low > high || (spec.Min is { } min && low < min) || (spec.Max is { } max && high > max))
                    {
                        problems.Add($"{name}.{parameterName}: search range [{range[0]}, {range[1]}] is outside the valid range [{spec.Min}, {spec.Max}]");
                    }
                }
                else if (parameter.SearchRange is not null)
                {
                    problems.Add($"{name}.{parameterName}: search_range needs two numbers");
                }

                if (parameter.Choices is { } choices && (spec.Choices is null || choices.Any(c => !spec.Choices.Contains(c))))
                {
                    problems.Add($"{name}.{parameterName}: choices {string.Join(", ", choices)} are not all valid ({string.Join(", ", spec.Choices ?? [])})");
                }
            }

            foreach (var missing in op.Parameters.Where(p => !entry.Params.ContainsKey(p.Name)))
            {
                problems.Add($"{name}.{missing.Name}: a parameter of the operator missing from the catalog");
            }
        }

        foreach (var op in registry.All.Where(o => !catalogued.ContainsKey(o.Name)))
        {
            problems.Add($"{op.Name}: registered but not in the catalog");
        }

        return problems;
    }

    private static IDeserializer Deserializer() => new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
}

/// <summary>A family of operators in the catalog.</summary>
public sealed class CatalogFamily
{
    /// <summary>Operators by name.</summary>
    public Dictionary<string, CatalogOperator> Operators { get; set; } = [];
}

/// <summary>What an agent reads about one operator.</summary>
public sealed class CatalogOperator
{
    /// <summary>What the operator does.</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>Parameters by name.</summary>
    public Dictionary<string, CatalogParameter> Params { get; set; } = [];
}

/// <summary>What an agent reads about one parameter.</summary>
public sealed class CatalogParameter
{
    /// <summary>The type, as the registry spells it.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>The default, as text (null when unset).</summary>
    public string? Default { get; set; }

    /// <summary>Whether recipes must give it.</summary>
    public bool Required { get; set; }

    /// <summary>Allowed words.</summary>
    public List<string>? Choices { get; set; }

    /// <summary>The range the search explores: [low, high].</summary>
    public List<string>? SearchRange { get; set; }

    /// <summary>False when the search keeps the default.</summary>
    public bool Search { get; set; } = true;

    /// <summary>What the parameter means.</summary>
    public string Description { get; set; } = string.Empty;
}
