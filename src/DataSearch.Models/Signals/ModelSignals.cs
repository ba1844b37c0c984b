using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Signals;

namespace DataSearch.Models.Signals;

/// <summary>
/// Model-side signals from the embedded base model: <c>loss</c> (mean loss over response tokens given
/// the instruction), <c>perplexity</c>, <c>ifd</c> (that loss ÷ the loss of the response alone, response
/// tokens only in both), <c>entropy</c> and <c>varentropy</c> (mean over response positions of the
/// next-token entropy and of its variance), and the vectors <c>model</c> (the last block's output
/// averaged over response positions, for embedding dedup). The model sees <see cref="GptConfig.Context"/>
/// tokens: a longer sample is cut to a window (<see cref="ContextWindow"/>) that keeps at least half a context of instruction before the
/// response, so every sample with a response gets scores.
/// </summary>
/// <param name="model">The scoring model (not trained here).</param>
/// <param name="modelKey">Identifies the model's weights, for the cache key.</param>
public sealed class ModelSignals(LanguageModel model, string modelKey) : ISignalProvider
{
    private const int Chunk = 1024;

    /// <inheritdoc />
    public string Name => "model";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => modelKey;

    /// <summary>The scoring window of sample <paramref name="index"/>.</summary>
    public static TokenizedExample WindowOf(SamplePool pool, int index, int context) =>
        ContextWindow.Fit(EmbeddedEvaluator.ExampleOf(pool, index), context);

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var n = input.Pool.Count;
        var loss = new float[n];
        var perplexity = new float[n];
        var ifd = new float[n];
        var entropy = new float[n];
        var varentropy = new float[n];
        var width = model.Config.Width;
        var vectors = new float[(long)n * width];
        for (var start = 0; start < n; start += Chunk)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(Chunk, n - start);
            var examples = Enumerable.Range(start, count).Select(i => WindowOf(input.Pool, i, model.Config.Context)).ToList();
            var scores = SampleScorer.Score(model, examples, batchSize: 128, progress: progress, cancellation: cancellation);
            for (var j = 0; j < count; j++)
            {
                var score = scores[j];
                var i = start + j;
                loss[i] = (float)score.Loss;
                perplexity[i] = (float)score.Perplexity;
                ifd[i] = (float)score.InstructionFollowingDifficulty;
                entropy[i] = (float)score.Entropy;
                varentropy[i] = (float)score.Varentropy;
                score.Hidden.CopyTo(vectors, (long)i * width);
            }

            progress?.Report(new ProgressReport("model signals", start + count, n, "samples"));
        }

        return new SignalBlock(Name, Version, modelKey,
        [
            SignalColumn.OfScores("loss", loss), SignalColumn.OfScores("perplexity", perplexity), SignalColumn.OfScores("ifd", ifd),
            SignalColumn.OfScores("entropy", entropy), SignalColumn.OfScores("varentropy", varentropy),
        ], vectors, width);
    }
}
