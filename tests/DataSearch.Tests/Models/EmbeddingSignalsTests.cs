using DataSearch.Models.Signals;
using DataSearch.Recipes;
using DataSearch.Signals;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Models;

public class EmbeddingSignalsTests
{
    [Fact]
    public void A_paraphrase_is_closer_than_an_unrelated_sentence()
    {
        var vectors = EmbeddingSignals.Embed(["How do I bake bread at home?", "What is the way to make bread in my kitchen?", "The stock market fell sharply on Monday."]);
        float Cosine(int a, int b) => EmbeddingSignals.Dot(vectors.AsSpan(a * EmbeddingSignals.Width, EmbeddingSignals.Width), vectors.AsSpan(b * EmbeddingSignals.Width, EmbeddingSignals.Width));

        Assert.Equal(3 * EmbeddingSignals.Width, vectors.Length);
        Assert.Equal(1f, Cosine(0, 0), precision: 4);
        Assert.True(Cosine(0, 1) > 0.6f, $"paraphrase {Cosine(0, 1):0.00}");
        Assert.True(Cosine(0, 2) < 0.3f, $"unrelated {Cosine(0, 2):0.00}");
    }

    [Fact]
    public void Samples_about_a_targets_topic_rank_above_the_rest()
    {
        var pool = PoolMaker.Make([
            ("Natalia sold 48 clips in April and half as many in May. How many clips in total?", "72"),
            ("Write a haiku about autumn leaves.", "Red leaves drift and fall"),
            ("A train travels 60 miles per hour for 3 hours. How far does it go?", "180 miles"),
            ("Translate 'good morning' into French.", "Bonjour"),
        ]);
        var targets = new TargetSet("math", ["Tom has 5 apples and buys 7 more. How many apples does he have?", "A shop sells pens at $2 each. How much do 6 pens cost?"]);

        var block = new EmbeddingSignals().Compute(new SignalInput(pool, "hash", [targets]), null, CancellationToken.None);

        Assert.Equal(["embed_relevance:math", "embed_nearest:math"], block.Columns.Select(c => c.Name));
        Assert.Equal(pool.Count * EmbeddingSignals.Width, block.Vectors!.Length);
        foreach (var column in block.Columns)
        {
            var scores = column.Values!;
            Assert.True(Math.Min(scores[0], scores[2]) > Math.Max(scores[1], scores[3]), $"{column.Name}: {string.Join(", ", scores.Select(s => s.ToString("0.00")))}");
        }
    }

    [Fact]
    public void Cosine_dedup_on_embeddings_drops_a_paraphrase_that_shares_few_words()
    {
        var pool = PoolMaker.Make([
            ("How can I bake bread at home?", "Mix flour, water, yeast and salt, let it rise, then bake."),
            ("What is the way to make a loaf of bread in my own kitchen?", "Combine flour, water, yeast and salt; let the dough rise and bake it."),
            ("Name the capital of Japan.", "Tokyo."),
        ]);
        var block = new EmbeddingSignals().Compute(new SignalInput(pool, "hash", []), null, CancellationToken.None);
        var context = new RecipeContext(pool, new SignalSet(pool.Count, [block]), OperatorRegistry.CreateDefault());

        var kept = RecipeExecutor.Run(RecipeReader.Parse("steps:\n  - op: semantic_dedup\n    params: {strategy: embedding_cosine, features: embedding, threshold: 0.8}\n"), context).Selection.ToArray();
        Assert.Equal([0, 2], kept);

        var minhash = RecipeExecutor.Run(RecipeReader.Parse("steps:\n  - op: semantic_dedup\n    params: {strategy: minhash}\n"), context).Selection.ToArray();
        Assert.Equal([0, 1, 2], minhash);
    }
}
