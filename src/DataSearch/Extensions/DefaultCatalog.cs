using DataSearch.Recipes;

namespace DataSearch.Extensions;

/// <summary>
/// The catalog agents read: <c>OPERATOR_CATALOG</c> when it names a file, else the shipped
/// <c>examples/recipes/operator_catalog.yaml</c>, embedded in the library.
/// </summary>
public static class DefaultCatalog
{
    /// <summary>The environment variable naming a catalog file.</summary>
    public const string EnvironmentVariable = "OPERATOR_CATALOG";

    /// <summary>Loads the catalog.</summary>
    public static OperatorCatalog Load()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path)
        {
            return OperatorCatalog.Read(path);
        }

        using var stream = typeof(DefaultCatalog).Assembly.GetManifestResourceStream("DataSearch.operator_catalog.yaml")
            ?? throw new InvalidOperationException("the shipped operator catalog is missing from the assembly");
        using var reader = new StreamReader(stream);
        return OperatorCatalog.Parse(reader.ReadToEnd(), "operator_catalog.yaml (built in)");
    }
}
