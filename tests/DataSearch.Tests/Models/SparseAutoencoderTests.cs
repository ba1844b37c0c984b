using DataSearch.Models.Signals;
using DataSearch.Randomness;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Models;

[Collection(nameof(ModelCollection))]
public class SparseAutoencoderTests
{
    [Fact]
    public void Training_lowers_reconstruction_error_and_exactly_k_features_fire()
    {
        // 600 points on 12 directions in 16 dimensions: a dictionary of 32 features with k = 2 can fit them.
        var random = new DeterministicRandom(5);
        var directions = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()).ToArray();
        var vectors = new float[600 * 16];
        for (var r = 0; r < 600; r++)
        {
            var d = directions[r % 12];
            var scale = (float)(0.5 + random.NextDouble());
            for (var j = 0; j < 16; j++)
            {
                vectors[(r * 16) + j] = (d[j] * scale) + (float)((random.NextDouble() - 0.5) * 0.01);
            }
        }

        using var sae = new SparseAutoencoder(16, 32, 2, seed: 1);
        var early = sae.Train(vectors, 5, 64, 2e-3, 1, default);
        var late = sae.Train(vectors, 600, 64, 2e-3, 1, default);
        Assert.True(late < early * 0.5, $"error {early} → {late}");
        var codes = sae.Activations(vectors);
        for (var r = 0; r < 600; r++)
        {
            Assert.InRange(codes.AsSpan(r * 32, 32).ToArray().Count(v => v > 0), 1, 2);
        }
    }
}
