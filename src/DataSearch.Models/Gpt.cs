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
    public Tensor Forward(Tensor input, KeyValueCache? cache, int hiddenLayer, out Tensor? hidden)
    {
        using var scope = NewDisposeScope();
        var length = input.shape[1];
        var offset = cache?.Length ?? 0;
        if (offset + length > Config.Context)
        {
            throw new ArgumentException($"Sequence of {offset + length} tokens exceeds the context of {Config.Context}.");
        }

        var positionIds = arange(offset, offset + length, dtype: ScalarType.Int64, device: input.device);
        var x = tokens.forward(input) + positions.forward(positionIds);
        hidden = null;
        for (var i = 0; i < blocks.Count; i++)
        {
            x = blocks[i].Forward(x, cache?.Layer(i));
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

    public Tensor Forward(Tensor x, LayerCache? cache)
    {
        x = x + attention.Forward(attentionNorm.forward(x), cache);
        return x + contract.forward(functional.gelu(expand.forward(mlpNorm.forward(x))));
    }
}

/// <summary>Multi-head causal self-attention, written out (faster than the fused kernel at this size).</summary>
public sealed class CausalSelfAttention : Module
{
    private readonly Linear queryKeyValue;
    private readonly Linear output;
    private readonly int heads;
    private readonly int headWidth;

    public CausalSelfAttention(string name, GptConfig config)
        : base(name)
    {
        heads = config.Heads;
        headWidth = config.Width / config.Heads;
        queryKeyValue = Linear(config.Width, 3 * config.Width);
        output = Linear(config.Width, config.Width);
        RegisterComponents();
    }

    public Tensor Forward(Tensor x, LayerCache? cache)
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
        var scores = query.matmul(key.transpose(-2, -1)) * (1.0 / Math.Sqrt(headWidth));
        if (time > 1)
        {
            // Query i (at absolute position total − time + i) may see keys up to that position.
            var mask = ones(time, total, dtype: ScalarType.Bool, device: x.device).tril(total - time);
            scores = scores.masked_fill(mask.logical_not(), float.NegativeInfinity);
        }

        var attended = functional.softmax(scores, -1).matmul(value);
        return output.forward(attended.transpose(1, 2).reshape(batch, time, width));
    }
}
