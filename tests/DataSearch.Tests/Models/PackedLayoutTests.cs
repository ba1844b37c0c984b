using DataSearch.Models;
using DataSearch.Tests.Support;
using TorchSharp;

namespace DataSearch.Tests.Models;

[Collection(nameof(ModelCollection))]
public class PackedLayoutTests
{
    [Fact]
    public void Examples_packed_in_one_row_get_the_same_logits_as_alone()
    {
        using var model = LanguageModel.Create(new GptConfig(Layers: 2, Width: 16, Heads: 2, Context: 16), seed: 4);
        int[] first = [10, 20, 30, 40, 50];
        int[] second = [60, 70, 80];
        int[] row = [.. first, .. second, ByteTokenizer.Pad, ByteTokenizer.Pad];
        using var noGrad = torch.no_grad();
        var layout = PackedLayout.FromSegments([[0, 0, 0, 0, 0, 1, 1, 1, -1, -1]]);
        Assert.Equal([0L, 1, 2, 3, 4, 0, 1, 2, 0, 0], layout.Positions.data<long>().ToArray());
        var bias = layout.AttentionBias.data<float>().ToArray();
        bool Sees(int query, int key) => bias[(query * row.Length) + key] == 0f;
        Assert.All(bias, b => Assert.True(b == 0f || float.IsNegativeInfinity(b), $"bias {b} is neither 0 nor −∞"));
        Assert.True(Sees(6, 5) && Sees(6, 6) && !Sees(6, 4) && !Sees(6, 7), "the second example's token 1 sees its own tokens 0–1 only");
        Assert.True(Sees(8, 8) && !Sees(8, 7) && !Sees(9, 8), "padding sees only itself");

        using var packed = model.Network.ForwardPacked(torch.tensor(row.Select(t => (long)t).ToArray(), [1, row.Length]), layout);
        using var alone1 = model.Network.forward(torch.tensor(first.Select(t => (long)t).ToArray(), [1, first.Length]));
        using var alone2 = model.Network.forward(torch.tensor(second.Select(t => (long)t).ToArray(), [1, second.Length]));
        var width = (int)packed.shape[2];
        var packedValues = packed.data<float>().ToArray();
        var expected = alone1.data<float>().Concat(alone2.data<float>()).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - packedValues[i]) < 1e-4, $"logit {i / width}:{i % width} differs: {expected[i]} vs {packedValues[i]}");
        }
    }
}
