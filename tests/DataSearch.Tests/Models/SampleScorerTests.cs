using DataSearch.Models;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Models;

[Collection(nameof(ModelCollection))]
public class SampleScorerTests
{
    private static readonly GptConfig Tiny = new(Layers: 2, Width: 16, Heads: 2, Context: 24);

    [Fact]
    public void Scores_match_a_direct_computation_and_training_lowers_the_loss_of_what_was_learned()
    {
        LanguageModel.UseThreads(1);
        using var model = LanguageModel.Create(Tiny, seed: 2);
        TokenizedExample[] examples = [ByteTokenizer.Example("rev ab", "ba"), ByteTokenizer.Example("rev abc", "cba"), ByteTokenizer.Example("hi", "hello there")];
        var before = SampleScorer.Score(model, examples);
        Assert.Equal(3, before.Count);

        // Batching must not change a sample's score.
        var alone = SampleScorer.Score(model, [examples[1]]);
        Assert.Equal(before[1].Loss, alone[0].Loss, precision: 4);
        Assert.Equal(before[1].UnconditionalLoss, alone[0].UnconditionalLoss, precision: 4);

        foreach (var score in before)
        {
            // An untrained model over 264 tokens is close to uniform: loss and entropy near ln 264.
            Assert.InRange(score.Loss, 4.5, 6.5);
            Assert.InRange(score.Entropy, 4.5, Math.Log(ByteTokenizer.VocabularySize) + 1e-3);
            Assert.True(score.Varentropy >= -1e-4);
            Assert.Equal(Tiny.Width, score.Hidden.Length);
            Assert.Equal(score.Loss / score.UnconditionalLoss, score.InstructionFollowingDifficulty, precision: 9);
        }

        model.Train([examples[0]], new TrainingOptions(40, 4, 1e-2, 0, 2, 1));
        var after = SampleScorer.Score(model, examples);
        Assert.True(after[0].Loss < before[0].Loss / 2, $"{before[0].Loss:0.00} → {after[0].Loss:0.00}");
        // Trained on "rev ab → ba", the prompt now helps: conditional loss below unconditional.
        Assert.True(after[0].InstructionFollowingDifficulty < 1, $"IFD {after[0].InstructionFollowingDifficulty:0.00}");
    }
}
