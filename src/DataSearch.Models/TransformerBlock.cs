using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataSearch.Models;

/// <summary>One pre-norm transformer block.</summary>
public sealed class TransformerBlock : Module
{
    private readonly LayerNorm attentionNorm;
    private readonly CausalSelfAttention attention;
    private readonly LayerNorm mlpNorm;
    private readonly Linear expand;
    private readonly Linear contract;

    public TransformerBlock(string name, GptConfig config)
        : base(name)
    {
        attentionNorm = LayerNorm(config.Width);
        attention = new CausalSelfAttention("attention", config);
        mlpNorm = LayerNorm(config.Width);
        expand = Linear(config.Width, 4 * config.Width);
        contract = Linear(4 * config.Width, config.Width);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, LayerCache? cache, Tensor? packingBias)
    {
        x = x + attention.Forward(attentionNorm.forward(x), cache, packingBias);
        return x + contract.forward(functional.gelu(expand.forward(mlpNorm.forward(x))));
    }
}
