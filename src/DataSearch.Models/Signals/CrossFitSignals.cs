using System.Globalization;
using System.IO.Hashing;
using System.Text;
using DataSearch.Progress;
using DataSearch.Signals;

namespace DataSearch.Models.Signals;

/// <summary>
/// Harm signals from a model fine-tuned on the pool itself, cross-fitted so that no sample is scored by
/// a model that saw it: the pool is split in two halves by sample id, a copy of the scoring model is
/// fine-tuned on one half and scores the other, then the other way round. Training runs in
/// <paramref name="checkpoints"/> rounds, and after each the held-out half is scored, as in dataset
/// cartography (Swayamdipta et al. 2020) but on samples the model never trained on:
/// <c>crossfit_loss</c> (the response's mean loss after the last round; a sample that contradicts what
/// the rest of the pool teaches — a wrong answer among right ones — costs more),
/// <c>crossfit_confidence</c> (the mean over rounds of the response's mean token probability,
/// exp(−loss)) and <c>crossfit_variability</c> (its standard deviation over rounds). Samples without a
/// response are NaN.
/// </summary>
/// <param name="model">The scoring model; copied, never trained itself.</param>
/// <param name="modelKey">Identifies the model's weights, for the cache key.</param>
/// <param name="training">The fine-tuning of each half; its steps are split over the rounds.</param>
/// <param name="checkpoints">Rounds of training, each followed by scoring the held-out half.</param>
/// <param name="threads">CPU threads torch uses for it (set each time: the count changes float sums, and training amplifies that).</param>
public sealed class CrossFitSignals(LanguageModel model, string modelKey, TrainingOptions training, int checkpoints = 3, int threads = 0) : ISignalProvider
{
    /// <inheritdoc />
    public string Name => "crossfit";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => string.Create(
        CultureInfo.InvariantCulture,
        $"{modelKey}|{training.Steps}|{training.BatchSize}|{training.LearningRate}|{training.WeightDecay}|{training.WarmupSteps}|{training.Seed}|{checkpoints}");

    /// <summary>The half (0 or 1) a sample falls in, from its id alone, so it does not move when the pool is reordered.</summary>
    public static int FoldOf(string sampleId) => (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(sampleId)) & 1);

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pool = input.Pool;
        var n = pool.Count;
        var examples = Enumerable.Range(0, n).Select(i => ModelSignals.WindowOf(pool, i, model.Config.Context)).ToList();
        var folds = Enumerable.Range(0, n).Select(i => FoldOf(pool.GetSampleId(i))).ToArray();
        var losses = Enumerable.Range(0, checkpoints).Select(_ => Enumerable.Repeat(float.NaN, n).ToArray()).ToArray();
        var stepsPerRound = Math.Max(1, training.Steps / checkpoints);
        var done = 0;
        for (var fold = 0; fold < 2; fold++)
        {
            var scored = Enumerable.Range(0, n).Where(i => folds[i] == fold && HasResponse(examples[i])).ToList();
            var trainOn = Enumerable.Range(0, n).Where(i => folds[i] != fold && HasResponse(examples[i])).Select(i => examples[i]).ToList();
            if (trainOn.Count == 0 || scored.Count == 0)
            {
                continue;
            }

            var torchThreads = threads > 0 ? threads : Environment.ProcessorCount;
            using (TrainingLock.Hold(torchThreads, progress, cancellation))
            {
                LanguageModel.UseThreads(torchThreads);
                using var copy = model.Clone();
                for (var round = 0; round < checkpoints; round++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    copy.Train(trainOn, training with { Steps = stepsPerRound, Seed = training.Seed + (ulong)((fold * checkpoints) + round) }, cancellationToken: cancellation);
                    var scores = SampleScorer.Score(copy, [.. scored.Select(i => examples[i])], batchSize: 128);
                    for (var j = 0; j < scored.Count; j++)
                    {
                        losses[round][scored[j]] = (float)scores[j].Loss;
                    }

                    progress?.Report(new ProgressReport("cross-fit", ++done, 2 * checkpoints, "rounds"));
                }
            }
        }

        var confidence = new float[n];
        var variability = new float[n];
        for (var i = 0; i < n; i++)
        {
            var probabilities = losses.Select(l => Math.Exp(-l[i])).ToList();
            var mean = probabilities.Average();
            confidence[i] = (float)mean;
            variability[i] = (float)Math.Sqrt(probabilities.Sum(p => (p - mean) * (p - mean)) / probabilities.Count);
        }

        return new SignalBlock(Name, Version, Key(input),
        [
            SignalColumn.OfScores("crossfit_loss", losses[^1]),
            SignalColumn.OfScores("crossfit_confidence", confidence),
            SignalColumn.OfScores("crossfit_variability", variability),
        ]);
    }

    private static bool HasResponse(TokenizedExample example) => example.ResponseStart < example.Tokens.Length;
}
