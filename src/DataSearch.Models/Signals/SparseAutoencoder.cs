using DataSearch.Randomness;

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataSearch.Models.Signals;

/// <summary>
/// A top-k sparse autoencoder over model activations: z = TopK(ReLU(W_enc (x − b_dec) + b_enc)),
/// x̂ = W_dec z + b_dec, trained on mean squared reconstruction error with Adam; decoder rows are kept at
/// unit norm so feature magnitudes live in z. Inputs are standardised (pool mean and RMS) first.
/// </summary>
public sealed class SparseAutoencoder : IDisposable
{
    private readonly Linear encoder;
    private readonly Parameter decoder;
    private readonly Parameter decoderBias;
    private float[] mean = [];
    private float scale = 1;

    /// <summary>Creates an untrained autoencoder.</summary>
    public SparseAutoencoder(int inputWidth, int features, int activeFeatures, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(activeFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(activeFeatures, features);
        InputWidth = inputWidth;
        Features = features;
        ActiveFeatures = activeFeatures;
        using var generator = new Generator(seed);
        encoder = nn.Linear(inputWidth, features);
        using (no_grad())
        {
            var weights = randn([features, inputWidth], generator: generator);
            weights.div_(weights.norm(1, keepdim: true));
            encoder.weight!.copy_(weights);
            encoder.bias!.zero_();
            decoder = new Parameter(weights.clone());
            decoderBias = new Parameter(zeros(inputWidth));
        }
    }

    /// <summary>Width of the input vectors.</summary>
    public int InputWidth { get; }

    /// <summary>Dictionary size.</summary>
    public int Features { get; }

    /// <summary>Features active per input (k).</summary>
    public int ActiveFeatures { get; }

    /// <summary>Trains on <paramref name="vectors"/> (row-major, <see cref="InputWidth"/> per row); returns the final mean squared error (standardised units).</summary>
    public double Train(float[] vectors, int steps, int batchSize, double learningRate, ulong seed, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var rows = vectors.Length / InputWidth;
        mean = new float[InputWidth];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < InputWidth; d++)
            {
                mean[d] += vectors[(r * InputWidth) + d] / rows;
            }
        }

        var squares = 0.0;
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < InputWidth; d++)
            {
                var centred = vectors[(r * InputWidth) + d] - mean[d];
                squares += centred * centred;
            }
        }

        scale = (float)Math.Max(1e-6, Math.Sqrt(squares / Math.Max(1, rows)));
        var parameters = new List<Parameter> { encoder.weight!, encoder.bias!, decoder, decoderBias };
        var optimizer = optim.Adam(parameters, learningRate);
        var random = new DeterministicRandom(seed);
        var last = double.NaN;
        using var all = Standardised(vectors, rows);
        for (var step = 0; step < steps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            var picks = new long[Math.Min(batchSize, rows)];
            for (var i = 0; i < picks.Length; i++)
            {
                picks[i] = random.Next(rows);
            }

            last = GcQuiet.Run(() =>
            {
                optimizer.zero_grad();
                double value;
                using (NewDisposeScope())
                {
                    var batch = all.index_select(0, tensor(picks));
                    var loss = (Reconstruct(Encode(batch)) - batch).square().mean();
                    loss.backward();
                    value = loss.item<float>();
                }

                optimizer.step();
                using (no_grad())
                {
                    decoder.div_(decoder.norm(1, keepdim: true).clamp_min(1e-6));
                }

                return value;
            });
        }

        return last;
    }

    /// <summary>The sparse feature activations of each row of <paramref name="vectors"/>, row-major (<see cref="Features"/> per row).</summary>
    public float[] Activations(float[] vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var rows = vectors.Length / InputWidth;
        var result = new float[(long)rows * Features];
        using var noGrad = no_grad();
        const int Block = 4096;
        for (var start = 0; start < rows; start += Block)
        {
            var count = Math.Min(Block, rows - start);
            GcQuiet.Run(() =>
            {
                using var scope = NewDisposeScope();
                var block = Standardised(vectors.AsSpan(start * InputWidth, count * InputWidth).ToArray(), count);
                Encode(block).data<float>().CopyTo(result.AsSpan(start * Features, count * Features));
                return 0;
            });
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        encoder.Dispose();
        decoder.Dispose();
        decoderBias.Dispose();
    }

    private Tensor Standardised(float[] vectors, int rows)
    {
        var centred = new float[vectors.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var d = 0; d < InputWidth; d++)
            {
                centred[(r * InputWidth) + d] = (vectors[(r * InputWidth) + d] - mean[d]) / scale;
            }
        }

        return tensor(centred, [rows, InputWidth]);
    }

    private Tensor Encode(Tensor batch)
    {
        var pre = nn.functional.relu(encoder.forward(batch - decoderBias));
        var (values, indices) = pre.topk(ActiveFeatures, dim: -1);
        return zeros_like(pre).scatter(-1, indices, values);
    }

    private Tensor Reconstruct(Tensor codes) => codes.matmul(decoder) + decoderBias;
}
