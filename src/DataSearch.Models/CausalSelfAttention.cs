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

    /// <summary>Attends causally; <paramref name="blocked"/> (batch, 1, time, time), when given, says instead which keys each query may not see.</summary>
    public Tensor Forward(Tensor x, LayerCache? cache, Tensor? blocked)
    {
        var batch = x.shape[0];
        var time = x.shape[1];
        var width = x.shape[2];
        var parts = queryKeyValue.forward(x).view(batch, time, 3, heads, headWidth).permute(2, 0, 3, 1, 4);
        var query = parts[0];
        var key = parts[1];
        var value = parts[2];
        if (cache is not null)
        {
            (key, value) = cache.Append(key, value);
        }

        var total = key.shape[2];
        var scores = query.matmul(key.transpose(-2, -1)).mul_(scale);
        if (blocked is not null)
        {
            scores = scores.masked_fill(blocked, negativeInfinity);
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
}
