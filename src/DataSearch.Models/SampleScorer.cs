using DataSearch.Progress;
using static TorchSharp.torch;

namespace DataSearch.Models;

/// <summary>What the model makes of one training sample; the inputs of the model-side signals.</summary>
/// <param name="Loss">Mean loss over the response tokens given the prompt.</param>
/// <param name="UnconditionalLoss">Mean loss over the same response tokens with no prompt.</param>
/// <param name="Entropy">Mean next-token entropy (nats) over the response positions.</param>
/// <param name="Varentropy">Mean next-token varentropy (variance of the surprisal) over the response positions.</param>
/// <param name="Hidden">The residual stream at the chosen layer, averaged over the response positions.</param>
public sealed record SampleScore(double Loss, double UnconditionalLoss, double Entropy, double Varentropy, float[] Hidden)
{
    /// <summary>Perplexity of the response given the prompt.</summary>
    public double Perplexity => Math.Exp(Loss);

    /// <summary>Instruction-following difficulty: loss with the prompt ÷ loss without it (response tokens only in both).</summary>
    public double InstructionFollowingDifficulty => UnconditionalLoss > 0 ? Loss / UnconditionalLoss : double.NaN;
}

/// <summary>
/// Scores samples with a model, in batches, without training it. Each call is a turn of
/// <see cref="TrainingLock"/>, like a training run: scoring uses every core too (a search's fine-tuning
/// ran about 2.7× slower while another command computed model signals, 2026-12-07), and in one process
/// the lock keeps scoring out of a training run's <see cref="GcQuiet"/> window.
/// </summary>
public static class SampleScorer
{
    /// <summary>Scores each example; <paramref name="hiddenLayer"/> picks the block whose output is pooled (default: the last).</summary>
    public static IReadOnlyList<SampleScore> Score(LanguageModel model, IReadOnlyList<TokenizedExample> examples, int hiddenLayer = -1, int batchSize = 64, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        var layer = hiddenLayer < 0 ? model.Config.Layers - 1 : hiddenLayer;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, model.Config.Layers, nameof(hiddenLayer));
        using var turn = TrainingLock.Hold(LanguageModel.Threads, progress, cancellation);
        var conditional = Pass(model, examples, layer, batchSize);
        var unconditional = Pass(model, [.. examples.Select(WithoutPrompt)], layer, batchSize);
        return [.. conditional.Select((c, i) => new SampleScore(c.Loss, unconditional[i].Loss, c.Entropy, c.Varentropy, c.Hidden))];
    }

    /// <summary>
    /// The residual stream at <paramref name="hiddenLayer"/> averaged over every position of each example
    /// (its response start is ignored): one vector per text, for SAE features and embedding dedup.
    /// </summary>
    public static IReadOnlyList<float[]> Embed(LanguageModel model, IReadOnlyList<int[]> texts, int hiddenLayer = -1, int batchSize = 64, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(texts);
        var layer = hiddenLayer < 0 ? model.Config.Layers - 1 : hiddenLayer;
        using var turn = TrainingLock.Hold(LanguageModel.Threads, progress, cancellation);
        return [.. Pass(model, [.. texts.Select(t => new TokenizedExample([ByteTokenizer.Separator, .. t], 1))], layer, batchSize).Select(r => r.Hidden)];
    }

    /// <summary>The response alone: a separator, then the response tokens.</summary>
    private static TokenizedExample WithoutPrompt(TokenizedExample example) =>
        new([ByteTokenizer.Separator, .. example.Tokens[example.ResponseStart..]], 1);

    private static List<(double Loss, double Entropy, double Varentropy, float[] Hidden)> Pass(LanguageModel model, IReadOnlyList<TokenizedExample> examples, int layer, int batchSize)
    {
        var results = new List<(double, double, double, float[])>(examples.Count);
        model.Network.eval();
        using var noGrad = no_grad();
        for (var start = 0; start < examples.Count; start += batchSize)
        {
            results.AddRange(GcQuiet.Run(() => ScoreBatch(model, examples, start, batchSize, layer)));
        }

        return results;
    }

    private static List<(double Loss, double Entropy, double Varentropy, float[] Hidden)> ScoreBatch(LanguageModel model, IReadOnlyList<TokenizedExample> examples, int start, int batchSize, int layer)
    {
        var results = new List<(double, double, double, float[])>(batchSize);
        var context = model.Config.Context;
        using var scope = NewDisposeScope();
        var batch = examples.Skip(start).Take(batchSize).Select(e => e.Tokens.Length > context ? e with { Tokens = e.Tokens[..context] } : e).ToList();
        var length = batch.Max(e => e.Tokens.Length);
        var ids = new long[batch.Count * length];
        Array.Fill(ids, ByteTokenizer.Pad);
        for (var b = 0; b < batch.Count; b++)
        {
            for (var t = 0; t < batch[b].Tokens.Length; t++)
            {
                ids[(b * length) + t] = batch[b].Tokens[t];
            }
        }

        var logits = model.Network.Forward(tensor(ids, [batch.Count, length]), cache: null, hiddenLayer: layer, out var hidden);
        var logProbabilities = nn.functional.log_softmax(logits, -1);
        var probabilities = logProbabilities.exp();
        var entropy = -(probabilities * logProbabilities).sum(-1);
        var varentropy = (probabilities * logProbabilities.square()).sum(-1) - entropy.square();
        var entropies = entropy.data<float>().ToArray();
        var varentropies = varentropy.data<float>().ToArray();
        var hiddenValues = hidden!.data<float>().ToArray();
        var logValues = logProbabilities.data<float>().ToArray();
        var vocabulary = (int)logits.shape[2];
        var width = model.Config.Width;
        for (var b = 0; b < batch.Count; b++)
        {
            var tokens = batch[b].Tokens;
            var first = Math.Max(1, batch[b].ResponseStart);
            double loss = 0, entropySum = 0, varentropySum = 0;
            var pooled = new float[width];
            var positions = 0;
            for (var t = first; t < tokens.Length; t++)
            {
                // Position t−1 predicts token t.
                loss -= logValues[(((b * length) + t - 1) * vocabulary) + tokens[t]];
                entropySum += entropies[(b * length) + t - 1];
                varentropySum += varentropies[(b * length) + t - 1];
                for (var d = 0; d < width; d++)
                {
                    pooled[d] += hiddenValues[(((b * length) + t - 1) * width) + d];
                }

                positions++;
            }

            if (positions == 0)
            {
                results.Add((double.NaN, double.NaN, double.NaN, pooled));
                continue;
            }

            for (var d = 0; d < width; d++)
            {
                pooled[d] /= positions;
            }

            results.Add((loss / positions, entropySum / positions, varentropySum / positions, pooled));
        }

        return results;
    }
}
