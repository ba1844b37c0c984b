using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DataSearch.Models;

/// <summary>
/// A decoder-only transformer: token and position embeddings, pre-norm blocks of causal self-attention
/// and a GELU MLP, a final layer norm and an output layer tied to the token embedding.
/// </summary>
public sealed class Gpt : Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding positions;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm finalNorm;

    public Gpt(GptConfig config)
        : base("gpt")
    {
        Config = config;
        tokens = Embedding(config.Vocabulary, config.Width);
        positions = Embedding(config.Context, config.Width);
        blocks = new ModuleList<TransformerBlock>([.. Enumerable.Range(0, config.Layers).Select(i => new TransformerBlock($"block{i}", config))]);
        finalNorm = LayerNorm(config.Width);
        RegisterComponents();
        using (no_grad())
        {
            foreach (var (name, parameter) in named_parameters())
            {
                if (name.EndsWith("weight", StringComparison.Ordinal) && parameter.dim() == 2)
                {
                    init.normal_(parameter, 0, 0.02);
                }
            }
        }
    }

    public GptConfig Config { get; }

    /// <summary>Logits (batch, time, vocabulary) for token ids (batch, time).</summary>
    public override Tensor forward(Tensor input) => Forward(input, cache: null, hiddenLayer: -1, out _);

    /// <summary>
    /// Runs the model; with a <paramref name="cache"/>, <paramref name="input"/> holds only the new tokens and
    /// keys and values of earlier ones are reused. <paramref name="hidden"/> is the residual stream after
    /// block <paramref name="hiddenLayer"/> (−1: none).
    /// </summary>
    public Tensor Forward(Tensor input, KeyValueCache? cache, int hiddenLayer, out Tensor? hidden) =>
        Forward(input, cache, hiddenLayer, packing: null, out hidden);

    /// <summary>
    /// Runs the model on rows that each hold several examples back to back (<paramref name="packing"/>):
    /// every token sees only earlier tokens of its own example, and positions restart with each example,
    /// so the result equals running the examples one by one.
    /// </summary>
    public Tensor ForwardPacked(Tensor input, PackedLayout packing) => Forward(input, cache: null, hiddenLayer: -1, packing, out _);

    private Tensor Forward(Tensor input, KeyValueCache? cache, int hiddenLayer, PackedLayout? packing, out Tensor? hidden)
    {
        using var scope = NewDisposeScope();
        var length = input.shape[1];
        var offset = cache?.Length ?? 0;
        if (offset + length > Config.Context)
        {
            throw new ArgumentException($"Sequence of {offset + length} tokens exceeds the context of {Config.Context}.");
        }

        var positionIds = packing?.Positions ?? arange(offset, offset + length, dtype: ScalarType.Int64, device: input.device);
        var x = tokens.forward(input) + positions.forward(positionIds);
        hidden = null;
        for (var i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].Forward(x, cache?.Layer(i), packing?.AttentionBias);
            if (i == hiddenLayer)
            {
                hidden = x.MoveToOuterDisposeScope();
            }
        }

        cache?.Advance(length);
        var logits = finalNorm.forward(x).matmul(tokens.weight!.t());
        return logits.MoveToOuterDisposeScope();
    }
}
