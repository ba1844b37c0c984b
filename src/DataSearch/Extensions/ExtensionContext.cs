using DataSearch.Recipes;
using DataSearch.Signals;

namespace DataSearch.Extensions;

/// <summary>What an extension may add. It cannot remove or replace built-ins: a name already taken is an error.</summary>
public sealed class ExtensionContext
{
    private readonly List<IRecipeHook> hooks = [];
    private readonly List<ISignalProvider> features = [];
    private readonly List<OperatorCatalog> catalogPatches = [];

    internal ExtensionContext(OperatorRegistry registry, string source)
    {
        Registry = registry;
        Source = source;
    }

    /// <summary>The assembly being loaded, for messages.</summary>
    public string Source { get; }

    internal OperatorRegistry Registry { get; }

    internal IReadOnlyList<IRecipeHook> Hooks => hooks;

    internal IReadOnlyList<ISignalProvider> Features => features;

    internal IReadOnlyList<OperatorCatalog> CatalogPatches => catalogPatches;

    /// <summary>Adds an operator to the registry.</summary>
    public void AddOperator(RecipeOperator op) => Registry.Register(op);

    /// <summary>Adds a hook that observes every recipe run.</summary>
    public void AddHook(IRecipeHook hook) => hooks.Add(hook ?? throw new ArgumentNullException(nameof(hook)));

    /// <summary>Adds extra signal columns computed with the others (AutoSelection's <c>precompute_features</c>).</summary>
    public void AddFeatures(ISignalProvider provider) => features.Add(provider ?? throw new ArgumentNullException(nameof(provider)));

    /// <summary>Adds or replaces catalog entries (YAML in the catalog's layout); merged into <c>operator_catalog.extended.yaml</c>.</summary>
    public void PatchCatalog(string yaml) => catalogPatches.Add(OperatorCatalog.Parse(yaml, $"{Source} (catalog patch)"));
}
