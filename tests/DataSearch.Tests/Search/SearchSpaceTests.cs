using DataSearch.Randomness;
using DataSearch.Recipes;
using DataSearch.Search;
using DataSearch.Signals;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Search;

public class SearchSpaceTests
{
    [Fact]
    public void Operators_that_need_a_signal_name_are_searched_over_the_score_signals()
    {
        var (_, context, space) = TestSearch.SmallWorld();
        foreach (var name in new[] { "top_k", "score_filter" })
        {
            var op = space.Find(name);
            Assert.NotNull(op);
            var signal = Assert.Single(op.Parameters, p => p.Name == "signal");
            Assert.Contains("chars", signal.Choices);
            Assert.All(signal.Choices, s => Assert.Contains(s, context.Signals.Names));
        }
    }

    [Fact]
    public void A_choice_is_searched_only_when_the_pool_has_the_signals_it_needs()
    {
        var (world, context, space) = TestSearch.SmallWorld();
        var strategies = Assert.Single(space.Find("semantic_dedup")!.Parameters, p => p.Name == "strategy").Choices;
        Assert.DoesNotContain("embedding_cosine", strategies);
        Assert.Contains("minhash", strategies);

        // With vectors from a model the cosine strategy becomes searchable.
        var vectors = new SignalBlock("model", 1, "k", [], new float[world.Pool.Count * 4], 4);
        var signals = new SignalSet(world.Pool.Count, [.. context.Signals.Blocks.Values, vectors]);
        var extensions = DataSearch.Extensions.ExtensionSet.Load([]);
        var withVectors = SearchSpace.Build(extensions.Catalog, extensions.Registry, signals, world.Pool, benchmarksKnown: false);
        Assert.Contains("embedding_cosine", Assert.Single(withVectors.Find("semantic_dedup")!.Parameters, p => p.Name == "strategy").Choices);
    }

    [Fact]
    public void An_operator_whose_default_signals_are_missing_is_searched_with_a_choice_whose_signals_exist()
    {
        var (world, context, _) = TestSearch.SmallWorld();
        // Text signals and sentence embeddings only: semdedup's default (SAE features) is missing, its embedding choice is not.
        var embeddings = new SignalBlock("embedding", 1, "k", [], new float[world.Pool.Count * 4], 4);
        var signals = new SignalSet(world.Pool.Count, [.. context.Signals.Blocks.Values.Where(b => b.Vectors is null), embeddings]);
        var extensions = DataSearch.Extensions.ExtensionSet.Load([]);
        var space = SearchSpace.Build(extensions.Catalog, extensions.Registry, signals, world.Pool, benchmarksKnown: false);
        var semdedup = space.Find("semdedup");
        Assert.NotNull(semdedup);
        Assert.Equal(["embedding"], Assert.Single(semdedup.Parameters, p => p.Name == "features").Choices);

        // Without any vectors it stays out of the space.
        var none = SearchSpace.Build(extensions.Catalog, extensions.Registry, new SignalSet(world.Pool.Count, [.. context.Signals.Blocks.Values.Where(b => b.Vectors is null)]), world.Pool, benchmarksKnown: false);
        Assert.Null(none.Find("semdedup"));
    }

    /// <summary>An operator from outside the library whose parameter names the search has never heard of.</summary>
    private sealed class Blend : RecipeOperator
    {
        public override string Name => "blend";

        public override string Description => "Keeps every sample (test operator).";

        public override OperatorKind Kind => OperatorKind.Mix;

        public override bool NeedsBenchmarks => true;

        public override IReadOnlyList<ParameterSpec> Parameters { get; } =
        [
            new("shares", ParameterType.Weights, "Per-source shares.", Domain: SearchDomain.SourceWeights),
            new("ranking", ParameterType.String, "A score signal.", Required: true, Domain: SearchDomain.ScoreSignal),
            new("salt", ParameterType.Int, "Never searched.", 0L, 0, 10, Domain: SearchDomain.Fixed),
            new("strength", ParameterType.Float, "Searched by its range.", 0.5, 0, 1),
        ];

        public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context) => input;
    }

    [Fact]
    public void The_space_comes_from_what_operators_declare_not_from_their_parameter_names()
    {
        var (world, context, _) = TestSearch.SmallWorld();
        var registry = DataSearch.Extensions.ExtensionSet.Load([]).Registry;
        registry.Register(new Blend());
        var catalog = DataSearch.Extensions.ExtensionSet.Load([]).Catalog;
        catalog.Families["test"] = new CatalogFamily
        {
            Operators =
            {
                ["blend"] = new CatalogOperator
                {
                    Params =
                    {
                        ["shares"] = new CatalogParameter { Type = "dict[str,float]" },
                        ["ranking"] = new CatalogParameter { Type = "str", Required = true },
                        ["salt"] = new CatalogParameter { Type = "int", SearchRange = ["0", "10"] },
                        ["strength"] = new CatalogParameter { Type = "float", SearchRange = ["0", "1"] },
                    },
                },
            },
        };

        var space = SearchSpace.Build(catalog, registry, context.Signals, world.Pool, benchmarksKnown: true);
        var blend = space.Find("blend");
        Assert.NotNull(blend);
        Assert.Equal(["ranking", "shares", "strength"], blend.Parameters.Select(p => p.Name).Order());
        Assert.Equal(world.Pool.SourceNames, blend.Parameters.Single(p => p.Name == "shares").Choices);
        Assert.Equal(SearchDomain.SourceWeights, blend.Parameters.Single(p => p.Name == "shares").Domain);
        Assert.All(blend.Parameters.Single(p => p.Name == "ranking").Choices, s => Assert.Contains(s, context.Signals.Names));

        // An operator that needs benchmarks is left out when none are known.
        Assert.Null(SearchSpace.Build(catalog, registry, context.Signals, world.Pool, benchmarksKnown: false).Find("blend"));
    }

    [Fact]
    public void A_weights_parameter_takes_one_hypercube_dimension_per_group_and_low_points_drop_the_group()
    {
        var (_, _, space) = TestSearch.SmallWorld();
        var weights = Assert.Single(space.Find("source_mix")!.Parameters, p => p.Type == ParameterType.Weights);
        Assert.Equal(weights.Choices.Count, weights.Dimensions);
        var random = new DeterministicRandom(1);
        for (var trial = 0; trial < 200; trial++)
        {
            var units = weights.Choices.Select(_ => random.NextDouble() * 0.6).ToArray();
            var value = SpaceParameter.ReadWeights(weights.Value(units, random));
            var highest = weights.Choices[Array.IndexOf(units, units.Max())];
            Assert.Contains(highest, value.Keys);
            for (var i = 0; i < units.Length; i++)
            {
                var kept = value.TryGetValue(weights.Choices[i], out var weight);
                Assert.Equal(units[i] >= SpaceParameter.DropBelow || weights.Choices[i] == highest, kept);
                Assert.True(!kept || weight is >= SpaceParameter.MinWeight and <= 1);
            }
        }

        // A larger point never gives a smaller weight.
        var low = SpaceParameter.ReadWeights(weights.Value(weights.Choices.Select(_ => 0.5).ToArray(), random));
        var high = SpaceParameter.ReadWeights(weights.Value(weights.Choices.Select(_ => 0.9).ToArray(), random));
        Assert.All(low, w => Assert.True(high[w.Key] > w.Value));
    }

    [Fact]
    public void A_mix_edit_moves_one_group_drops_it_or_brings_it_back()
    {
        var (_, _, space) = TestSearch.SmallWorld();
        var sources = space.Find("source_mix")!.Parameters.Single(p => p.Name == "source_weights").Choices;
        var start = sources.Take(3).ToDictionary(s => s, s => (object?)0.5, StringComparer.Ordinal);
        var parent = new Recipe(null, 1, [new RecipeStep("source_mix", new Dictionary<string, object?> { ["source_weights"] = start })]);
        var proposals = new EditProposer(space).Propose([("p", parent)], new Dictionary<string, (int, int)>(), 400, new DeterministicRandom(3))
            .Where(p => p.Edit == "change_parameter 1.source_weights").ToList();
        Assert.True(proposals.Count > 20, $"only {proposals.Count} mix edits among 400 proposals");
        var kinds = new HashSet<string>();
        foreach (var proposal in proposals)
        {
            var before = SpaceParameter.ReadWeights(start);
            var after = SpaceParameter.ReadWeights(proposal.Recipe.Steps[0].Params["source_weights"]);
            var changed = sources.Where(s => before.GetValueOrDefault(s, -1) != after.GetValueOrDefault(s, -1)).ToList();
            Assert.True(changed.Count <= 1, $"{changed.Count} groups changed at once");
            kinds.Add(changed.Count == 0 ? "none" : !after.ContainsKey(changed[0]) ? "dropped" : !before.ContainsKey(changed[0]) ? "added" : "moved");
        }

        Assert.Superset(new HashSet<string> { "dropped", "added", "moved" }, kinds);
    }

    [Fact]
    public void The_surrogate_sees_each_group_s_share_of_a_mix()
    {
        var (_, _, space) = TestSearch.SmallWorld();
        var features = new RecipeFeatures(space);
        var sources = space.Find("source_mix")!.Parameters.Single(p => p.Name == "source_weights").Choices;
        var weights = new Dictionary<string, object?> { [sources[0]] = 3L, [sources[1]] = 1.0 };
        var encoded = features.Encode(new Recipe(null, 1, [new RecipeStep("source_mix", new Dictionary<string, object?> { ["source_weights"] = weights })]));
        Assert.Equal(features.Names.Count, encoded.Length);
        var names = features.Names.ToList();
        Assert.Equal(0.75, encoded[names.IndexOf($"source_mix.source_weights.{sources[0]}")], 9);
        Assert.Equal(0.25, encoded[names.IndexOf($"source_mix.source_weights.{sources[1]}")], 9);
        Assert.Equal(0, encoded[names.IndexOf($"source_mix.source_weights.{sources[2]}")]);
    }
}
