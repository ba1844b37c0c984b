using static TorchSharp.torch;

namespace DataSearch.Models.Proxy;

/// <summary>How well a model predicts one reference answer: its total loss in bits over the answer's bytes.</summary>
/// <param name="Bits">−log₂ of the probability of the answer's bytes given the question.</param>
/// <param name="Bytes">Answer bytes scored (those that fit the context).</param>
public readonly record struct AnswerBits(double Bits, int Bytes);

/// <summary>
/// Teacher-forced loss of reference answers given their questions: one forward pass per batch, no
/// decoding. With byte tokens the loss per token is the loss per byte, so bits per byte compare across
/// tokenizers and model sizes.
/// </summary>
public static class AnswerLoss
{
    /// <summary>The loss of each example's response (its end-of-text token excluded), fitted to the model's context.</summary>
    public static IReadOnlyList<AnswerBits> Measure(LanguageModel model, IReadOnlyList<TokenizedExample> examples, int batchSize = 16)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var context = model.Config.Context;
        var fitted = examples.Select(e => ContextWindow.Fit(e, context + 1)).ToArray();
        var results = new AnswerBits[fitted.Length];
        model.Network.eval();
        using var noGrad = no_grad();
        for (var start = 0; start < fitted.Length; start += batchSize)
        {
            var rows = fitted[start..Math.Min(fitted.Length, start + batchSize)];
            var bits = GcQuiet.Run(() => Batch(model, rows));
            bits.CopyTo(results, start);
        }

        return results;
    }

    /// <summary>Bits per byte over all of <paramref name="losses"/> (total bits over total bytes).</summary>
    public static double BitsPerByte(IEnumerable<AnswerBits> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var (bits, bytes) = losses.Aggregate((Bits: 0.0, Bytes: 0L), (sum, l) => (sum.Bits + l.Bits, sum.Bytes + l.Bytes));
        return bytes == 0 ? double.NaN : bits / bytes;
    }

    private static AnswerBits[] Batch(LanguageModel model, TokenizedExample[] rows)
    {
        using var scope = NewDisposeScope();
        var width = rows.Max(r => r.Tokens.Length) - 1;
        var input = new long[rows.Length * width];
        var target = new long[rows.Length * width];
        var counted = new float[rows.Length * width];
        Array.Fill(input, ByteTokenizer.Pad);
        for (var r = 0; r < rows.Length; r++)
        {
            var tokens = rows[r].Tokens;
            for (var t = 0; t + 1 < tokens.Length; t++)
            {
                input[(r * width) + t] = tokens[t];
                var next = tokens[t + 1];
                target[(r * width) + t] = next is >= 0 and < 256 ? next : 0;
                counted[(r * width) + t] = t + 1 >= rows[r].ResponseStart && next is >= 0 and < 256 ? 1f : 0f;
            }
        }

        var logits = model.Network.Forward(tensor(input, [rows.Length, width]), cache: null, hiddenLayer: -1, out _);
        var logProbabilities = logits.log_softmax(-1).gather(2, tensor(target, [rows.Length, width]).unsqueeze(2)).squeeze(2);
        var mask = tensor(counted, [rows.Length, width]);
        var nats = (-(logProbabilities * mask)).sum(1).to_type(ScalarType.Float64).data<double>().ToArray();
        var bytes = mask.sum(1).to_type(ScalarType.Int32).data<int>().ToArray();
        return [.. nats.Select((n, r) => new AnswerBits(n / Math.Log(2), bytes[r]))];
    }
}
