using DataSearch.Models;
using DataSearch.Tests.Support;
using TorchSharp;

namespace DataSearch.Tests.Models;

[Collection(nameof(ModelCollection))]
public class FlatAdamWTests
{
    [Fact]
    public void Gives_the_same_weights_bit_for_bit_as_torchs_AdamW()
    {
        var config = new GptConfig(Layers: 2, Width: 16, Heads: 2, Context: 12);
        using var reference = LanguageModel.Create(config, seed: 5);
        using var flat = reference.Clone();
        using var torchAdamW = torch.optim.AdamW(reference.Network.parameters(), 0.01, weight_decay: 0.1);
        using var flatAdamW = new FlatAdamW(flat.Network.parameters(), weightDecay: 0.1);
        var input = torch.tensor(Enumerable.Range(0, 24).Select(i => (long)((i * 37) % 200)).ToArray(), [2, 12]);
        var target = torch.tensor(Enumerable.Range(0, 24).Select(i => (long)((i * 53) % 200)).ToArray(), [24]);

        double[] rates = [0.01, 0.02, 0.005, 0.03, 0.001, 0.015];
        foreach (var rate in rates)
        {
            foreach (var group in torchAdamW.ParamGroups)
            {
                group.LearningRate = rate;
            }

            flatAdamW.LearningRate = rate;
            Train(reference, () => torchAdamW.zero_grad(), () => torchAdamW.step());
            Train(flat, flatAdamW.ZeroGrad, flatAdamW.Step);
        }

        var expected = reference.Network.named_parameters().ToList();
        var actual = flat.Network.named_parameters().ToList();
        Assert.Equal(expected.Count, actual.Count);
        var moved = false;
        using var start = LanguageModel.Create(config, seed: 5);
        foreach (var ((name, want), (_, got), (_, initial)) in expected.Zip(actual, start.Network.named_parameters()))
        {
            Assert.True(want.data<float>().ToArray().SequenceEqual(got.data<float>().ToArray()), $"{name} differs from optim.AdamW's");
            moved |= !want.data<float>().ToArray().SequenceEqual(initial.data<float>().ToArray());
        }

        Assert.True(moved, "training changed the weights");

        void Train(LanguageModel model, Action zero, Action step)
        {
            zero();
            using (torch.NewDisposeScope())
            {
                var logits = model.Network.forward(input);
                torch.nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), target).backward();
            }

            step();
        }
    }
}
