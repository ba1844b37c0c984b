using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataSearch.Models;

/// <summary>Multi-head causal self-attention, written out (faster than the fused kernel at this size).</summary>
public sealed class CausalSelfAttention : Module
{
    private readonly Linear queryKeyValue;
    private readonly Linear output;
    private readonly int heads;
    private readonly int headWidth;

    // Kept for the module's lifetime: a Scalar made implicitly inside an expression can be collected
    // while native code still reads it, which showed up as rare "toFloat" failures under GC pressure.
    private readonly Scalar scale;
    private readonly Scalar negativeInfinity = float.NegativeInfinity.ToScalar();

    public CausalSelfAttention(string name, GptConfig config)
        : base(name)
    {
        heads = config.Heads;
        headWidth = config.Width / config.Heads;
        scale = (1.0 / Math.Sqrt(headWidth)).ToScalar();
        queryKeyValue = Linear(config.Width, 3 * config.Width);
        output = Linear(config.Width, config.Width);
        RegisterComponents();
    }

    /// <summary>
    /// Attends causally; <paramref name="packingBias"/> (batch, 1, time, time), when given, is added to the
    /// scores instead: 0 where a query may see a key, −∞ where it may not.
    /// </summary>
    public Tensor Forward(Tensor x, LayerCache? cache, Tensor? packingBias)
    {
        var batch = x.shape[0];
        var time = x.shape[1];
        var width = x.shape[2];

        // Split along the features rather than selecting from a (3, …) view: the same strides reach the
        // matmuls, but the backward pass concatenates three gradients instead of zero-filling three
        // full-size buffers and summing them.
        var parts = queryKeyValue.forward(x).split(width, -1);
        var query = Heads(parts[0], batch, time);
        var key = Heads(parts[1], batch, time);
        var value = Heads(parts[2], batch, time);
        if (cache is not null)
        {
            (key, value) = cache.Append(key, value);
        }

        var total = key.shape[2];
        var scores = query.matmul(key.transpose(-2, -1)).mul_(scale);
        if (packingBias is not null)
        {
            // In place, where masked_fill would allocate: x + 0 is x and x + (−∞) is −∞, the same scores.
            scores = scores.add_(packingBias);
        }
        else if (time > 1)
        {
            // Query i (at absolute position total − time + i) may see keys up to that position.
            var causal = ones(time, total, dtype: ScalarType.Bool, device: x.device).tril(total - time);
            scores = scores.masked_fill(causal.logical_not(), negativeInfinity);
        }

        var attended = functional.softmax(scores, -1).matmul(value);
        return output.forward(attended.transpose(1, 2).reshape(batch, time, width));
    }

    /// <summary>(batch, time, width) → (batch, heads, time, head width), as a view.</summary>
    private Tensor Heads(Tensor features, long batch, long time) =>
        features.view(batch, time, heads, headWidth).transpose(1, 2);
}
