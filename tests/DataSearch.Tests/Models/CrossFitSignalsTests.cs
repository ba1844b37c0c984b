using DataSearch.Models;
using DataSearch.Models.Signals;
using DataSearch.Pool;
using DataSearch.Signals;

namespace DataSearch.Tests.Models;

public class CrossFitSignalsTests
{
    private static SamplePool Pool(string changedAnswer)
    {
        var builder = new PoolBuilder();
        for (var i = 0; i < 40; i++)
        {
            var answer = i == 0 ? changedAnswer : $"{i + 1}";
            builder.TryAdd($"id-{i}", [new ChatMessage(ChatRole.User, $"{i}+1"), new ChatMessage(ChatRole.Assistant, answer)], "s", null, [], null, out _, out _);
        }

        return builder.Build();
    }

    private static SignalBlock Compute(SamplePool pool)
    {
        var options = EmbeddedModelOptions.Tiny;
        using var model = LanguageModel.Create(options.Model, 7);
        var provider = new CrossFitSignals(model, "test", options.FineTuning with { Steps = 12 }, checkpoints: 2, threads: options.Threads);
        return provider.Compute(new SignalInput(pool, "hash", []), null, CancellationToken.None);
    }

    [Fact]
    public void No_sample_is_scored_by_a_model_that_trained_on_it()
    {
        var original = Pool("1");
        var changed = Pool("a long and plainly wrong answer");
        var before = Compute(original).Columns.ToDictionary(c => c.Name, c => c.Values!);
        var after = Compute(changed).Columns.ToDictionary(c => c.Name, c => c.Values!);
        Assert.Equal(["crossfit_confidence", "crossfit_loss", "crossfit_variability"], before.Keys.Order(StringComparer.Ordinal));

        // Sample 0 changed: the half it is in was scored by a model trained on the other half only, so every
        // other sample of its half keeps its scores (up to the float noise of batching beside a sample of
        // another length), while the other half's scores move.
        var fold = CrossFitSignals.FoldOf("id-0");
        var sameHalf = Enumerable.Range(1, 39).Where(i => CrossFitSignals.FoldOf($"id-{i}") == fold).ToList();
        var otherHalf = Enumerable.Range(1, 39).Where(i => CrossFitSignals.FoldOf($"id-{i}") != fold).ToList();
        Assert.NotEmpty(sameHalf);
        Assert.NotEmpty(otherHalf);
        Assert.All(sameHalf, i => Assert.Equal(before["crossfit_loss"][i], after["crossfit_loss"][i], 1e-4f));
        Assert.Contains(otherHalf, i => Math.Abs(before["crossfit_loss"][i] - after["crossfit_loss"][i]) > 1e-3f);
        Assert.NotEqual(before["crossfit_loss"][0], after["crossfit_loss"][0]);
        Assert.All(before["crossfit_confidence"], c => Assert.InRange(c, 0f, 1f));
    }
}
