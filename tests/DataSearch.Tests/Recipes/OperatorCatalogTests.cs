using DataSearch.Recipes;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Recipes;

public class OperatorCatalogTests
{
    [Fact]
    public void The_shipped_catalog_and_the_registry_agree()
    {
        var catalog = OperatorCatalog.Read(Path.Combine(Fixtures.Recipes, "operator_catalog.yaml"));
        var registry = OperatorRegistry.CreateDefault();
        catalog.CompleteFrom(registry);
        Assert.Empty(catalog.Check(registry));
        Assert.True(catalog.Operators.Count >= 20);
    }

    [Fact]
    public void The_shipped_catalog_writes_no_operator_text_twice_and_loads_complete_from_the_code()
    {
        var raw = OperatorCatalog.Read(Path.Combine(Fixtures.Recipes, "operator_catalog.yaml"));
        Assert.All(raw.Operators.Values, o => Assert.Empty(o.Operator.Description));
        Assert.All(raw.Operators.Values.SelectMany(o => o.Operator.Params.Values), p => Assert.Equal((string.Empty, string.Empty), (p.Description, p.Type)));

        var registry = OperatorRegistry.CreateDefault();
        var loaded = DataSearch.Extensions.ExtensionSet.Load([]).Catalog;
        foreach (var op in registry.All)
        {
            var (_, entry) = loaded.Operators[op.Name];
            Assert.Equal(op.Description, entry.Description);
            Assert.Equal(op.Parameters.Select(p => (p.Name, p.Description, p.TypeName)), entry.Params.Select(p => (p.Key, p.Value.Description, p.Value.Type)));
        }

        // What the file does say survives: the search ranges and the parameters the search leaves alone.
        Assert.Equal(["0.05", "1.0"], loaded.Operators["quality_filter"].Operator.Params["fraction"].SearchRange);
        Assert.False(loaded.Operators["decontaminate"].Operator.Params["benchmarks"].Search);
    }

    [Fact]
    public void Disagreements_are_each_reported()
    {
        var catalog = OperatorCatalog.Parse("""
            families:
              filters:
                operators:
                  ifd_filter:
                    params:
                      fraction: {type: int, search_range: [0, 2]}
                      colour: {type: str}
                  magic_filter:
                    params: {}
            """, "c.yaml");
        var registry = new OperatorRegistry();
        registry.Register(new DataSearch.Recipes.Operators.IfdFilter());
        registry.Register(new DataSearch.Recipes.Operators.TopK());
        var problems = catalog.Check(registry);
        Assert.Contains("magic_filter: offered by the catalog but not registered", problems);
        Assert.Contains("top_k: registered but not in the catalog", problems);
        Assert.Contains("ifd_filter.colour: in the catalog but not a parameter of the operator", problems);
        Assert.Contains("ifd_filter.fraction: catalog type int, operator type float", problems);
        Assert.Contains(problems, p => p.StartsWith("ifd_filter.fraction: search range [0, 2] is outside", StringComparison.Ordinal));
        Assert.Contains("ifd_filter.top_k: a parameter of the operator missing from the catalog", problems);
    }

    [Fact]
    public void A_patch_adds_and_replaces_operators()
    {
        var catalog = OperatorCatalog.Read(Path.Combine(Fixtures.Recipes, "operator_catalog.yaml"));
        var patch = OperatorCatalog.Parse("families:\n  custom:\n    operators:\n      ifd_filter: {description: replaced}\n      my_op: {description: new}\n", "p.yaml");
        catalog.Merge(patch);
        Assert.Equal(("custom", "replaced"), (catalog.Operators["ifd_filter"].Family, catalog.Operators["ifd_filter"].Operator.Description));
        Assert.Equal("new", catalog.Operators["my_op"].Operator.Description);
        Assert.Equal("replaced", OperatorCatalog.Parse(catalog.ToYaml(), "x").Operators["ifd_filter"].Operator.Description);
    }
}
