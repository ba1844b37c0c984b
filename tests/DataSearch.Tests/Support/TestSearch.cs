using DataSearch.Extensions;
using DataSearch.Recipes;
using DataSearch.Search;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.World;

namespace DataSearch.Tests.Support;

/// <summary>A small world with the signals a search needs (no model-side ones, so it takes about a second), for tests that search.</summary>
public static class TestSearch
{
    public static (GeneratedWorld World, RecipeContext Context, SearchSpace Space) SmallWorld(ulong seed = 2)
    {
        var world = WorldGenerator.Generate(WorldOptions.Small(seed));
        var targets = world.Targets.Select(t => new TargetSet(t.Key, [.. t.Value.Select(i => $"{i.Prompt}\n{i.Answer}")])).ToList();
        var input = new SignalInput(world.Pool, "h", targets);
        var signals = new SignalSet(world.Pool.Count, TextProviders.For(withTargets: true).Select(p => p.Compute(input, null, default)));
        var extensions = ExtensionSet.Load([]);
        var context = new RecipeContext(world.Pool, signals, extensions.Registry);
        return (world, context, SearchSpace.Build(extensions.Catalog, extensions.Registry, signals, world.Pool, benchmarksKnown: false));
    }

    /// <summary>One line per record (id, edit, objective, size, recipe): the message of a failed search assertion.</summary>
    public static string Describe(IEnumerable<SearchRecord> records) =>
        string.Join("\n", records.Select(r => $"{r.Id} r{r.Round} {r.Edit} {r.Objective} [{string.Join(", ", r.SeedObjectives ?? [])}] {r.SubsetSamples} {r.Recipe}"));
}
