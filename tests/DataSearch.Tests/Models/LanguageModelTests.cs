using DataSearch.Errors;
using DataSearch.Models;
using DataSearch.Tests.Support;
using TorchSharp;

namespace DataSearch.Tests.Models;

[Collection(nameof(ModelCollection))]
public class LanguageModelTests
{
    private static readonly GptConfig Tiny = new(Layers: 1, Width: 32, Heads: 2, Context: 24);

    private static TrainingOptions Steps(int steps, ulong seed = 1) => new(steps, BatchSize: 8, LearningRate: 1e-2, WeightDecay: 0, WarmupSteps: 2, Seed: seed);

    private static List<TokenizedExample> ReverseExamples() =>
        [.. new[] { "ab", "cd", "ef", "gh", "ij", "kl" }.Select(w => ByteTokenizer.Example($"rev {w}", new string([.. w.Reverse()])))];

    private static float[] Logits(LanguageModel model, string prompt)
    {
        using var input = torch.tensor(ByteTokenizer.Prompt(prompt).Select(t => (long)t).ToArray(), [1, ByteTokenizer.Prompt(prompt).Length]);
        using var noGrad = torch.no_grad();
        using var logits = model.Network.forward(input);
        return logits.data<float>().ToArray();
    }

    [Fact]
    public void A_few_training_steps_lower_the_loss()
    {
        LanguageModel.UseThreads(1);
        using var model = LanguageModel.Create(Tiny, seed: 1);
        var report = model.Train(ReverseExamples(), Steps(60));
        Assert.Equal(60, report.Steps);
        Assert.True(report.LastLoss < report.FirstLoss * 0.7, $"loss {report.FirstLoss:0.000} → {report.LastLoss:0.000}");
        Assert.True(report.Tokens > 0);
    }

    [Fact]
    public void Packing_that_looks_ahead_trains_more_tokens_in_the_same_steps()
    {
        LanguageModel.UseThreads(1);
        var random = new Random(2);
        var examples = Enumerable.Range(0, 60).Select(i => ByteTokenizer.Example($"q{i}", new string('x', random.Next(1, 16)))).ToList();
        using var inOrder = LanguageModel.Create(Tiny, seed: 1);
        using var lookingAhead = LanguageModel.Create(Tiny, seed: 1);
        var a = inOrder.Train(examples, Steps(6));
        var b = lookingAhead.Train(examples, Steps(6) with { PackingLookahead = 16 });
        Assert.True(b.Tokens > a.Tokens, $"{b.Tokens} tokens looking 16 ahead, {a.Tokens} in stream order");
    }

    [Fact]
    public void The_same_seed_trains_the_same_weights()
    {
        LanguageModel.UseThreads(1);
        using var a = LanguageModel.Create(Tiny, seed: 3);
        using var b = LanguageModel.Create(Tiny, seed: 3);
        a.Train(ReverseExamples(), Steps(10, seed: 4));
        b.Train(ReverseExamples(), Steps(10, seed: 4));
        Assert.Equal(Logits(a, "rev ab"), Logits(b, "rev ab"));
    }

    [Fact]
    public void A_checkpoint_reloads_to_identical_logits()
    {
        using var temp = new TempFolder();
        using var model = LanguageModel.Create(Tiny, seed: 5);
        model.Train(ReverseExamples(), Steps(5));
        var path = temp.File("model.ckpt");
        model.Save(path);
        using var loaded = LanguageModel.Load(path);
        Assert.Equal(Tiny, loaded.Config);
        Assert.Equal(Logits(model, "rev cd"), Logits(loaded, "rev cd"));
    }

    [Fact]
    public void A_damaged_or_incomplete_checkpoint_is_refused()
    {
        using var temp = new TempFolder();
        using var model = LanguageModel.Create(Tiny, seed: 5);
        var path = temp.File("model.ckpt");
        model.Save(path);
        var bytes = File.ReadAllBytes(path);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.Contains("hash", Assert.Throws<CorruptDataException>(() => LanguageModel.Load(path)).Message);

        File.Delete(path + ".json");
        Assert.Throws<CorruptDataException>(() => LanguageModel.Load(path));
    }

    [Fact]
    public void Greedy_decoding_is_deterministic_and_the_cache_changes_nothing()
    {
        LanguageModel.UseThreads(1);
        using var model = LanguageModel.Create(Tiny, seed: 7);
        model.Train(ReverseExamples(), Steps(30));
        string[] prompts = ["rev ab", "rev cd", "rev xyz", "rev q", "something longer"];
        var cached = model.Answer(prompts, maxNewTokens: 6, useCache: true);
        Assert.Equal(cached, model.Answer(prompts, maxNewTokens: 6, useCache: true));
        Assert.Equal(cached, model.Answer(prompts, maxNewTokens: 6, useCache: false));
        Assert.All(cached, answer => Assert.True(System.Text.Encoding.UTF8.GetByteCount(answer) <= 6));
    }

    [Fact]
    public void Training_learns_a_small_task()
    {
        LanguageModel.UseThreads(1);
        using var model = LanguageModel.Create(Tiny, seed: 11);
        model.Train(ReverseExamples(), Steps(300));
        var answers = model.Answer(["rev ab", "rev cd", "rev ef"], maxNewTokens: 4);
        Assert.Equal(["ba", "dc", "fe"], answers);
    }

    [Fact]
    public void Invalid_shapes_and_options_name_their_fields()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => LanguageModel.Create(new GptConfig(0, 30, 4, 4), 1));
        Assert.Contains("layers: must be ≥ 1", error.Problems);
        Assert.Contains("heads: must divide the width (30)", error.Problems);
        Assert.Contains("context: must be ≥ 8", error.Problems);
        using var model = LanguageModel.Create(Tiny, 1);
        var training = Assert.Throws<InvalidConfigurationException>(() => model.Train(ReverseExamples(), Steps(0)));
        Assert.Contains("steps: must be ≥ 1", training.Problems);
    }
}
