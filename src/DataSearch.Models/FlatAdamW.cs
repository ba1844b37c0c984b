using static TorchSharp.torch;

namespace DataSearch.Models;

/// <summary>
/// AdamW (decoupled weight decay, betas 0.9/0.999, eps 1e-8: TorchSharp's defaults) over one flat copy of
/// all parameters. TorchSharp's optimiser runs its seven element-wise operations once per parameter tensor
/// (28 tensors in the default model: about 200 small kernels a step); here they run once on the whole
/// vector and the result is copied back. Each element goes through the same operations with the same
/// scalars, so the weights come out bit for bit as with <c>optim.AdamW</c>.
/// </summary>
public sealed class FlatAdamW : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly Tensor[] parameters;
    private readonly long[] sizes;
    private readonly Tensor flat;
    private readonly Tensor average;
    private readonly Tensor averageSquare;
    private readonly double weightDecay;
    private long step;

    public FlatAdamW(IEnumerable<Tensor> parameters, double weightDecay)
    {
        this.parameters = [.. parameters];
        this.weightDecay = weightDecay;
        sizes = [.. this.parameters.Select(p => p.numel())];
        using (no_grad())
        {
            flat = cat(this.parameters.Select(p => p.detach().reshape(-1)).ToArray()).contiguous();
        }

        average = zeros_like(flat);
        averageSquare = zeros_like(flat);
    }

    /// <summary>The learning rate of the next step.</summary>
    public double LearningRate { get; set; }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in parameters)
        {
            parameter.grad?.zero_();
        }
    }

    /// <summary>One update from the gradients now held by the parameters.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // optim.AdamW leaves a parameter without a gradient alone; this model gives every one a gradient.
        var gradient = cat(parameters.Select(p => (p.grad ?? throw new InvalidOperationException("A parameter has no gradient: call Step after backward.")).reshape(-1)).ToArray());
        step++;
        flat.mul_(1 - (LearningRate * weightDecay));
        var correction1 = 1 - Math.Pow(Beta1, step);
        var correction2 = 1 - Math.Pow(Beta2, step);
        average.mul_(Beta1).add_(gradient, alpha: 1 - Beta1);
        averageSquare.mul_(Beta2).addcmul_(gradient, gradient, value: 1 - Beta2);
        var denominator = (averageSquare.sqrt() / Math.Sqrt(correction2)).add_(Epsilon);
        flat.addcdiv_(average, denominator, value: -(LearningRate / correction1));

        var offset = 0L;
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i].copy_(flat.narrow(0, offset, sizes[i]).view_as(parameters[i]));
            offset += sizes[i];
        }
    }

    public void Dispose()
    {
        flat.Dispose();
        average.Dispose();
        averageSquare.Dispose();
    }
}
