using System.Globalization;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Signals;

namespace DataSearch.Models.Signals;

/// <summary>Sizes of the sparse autoencoder behind the MONA signals.</summary>
/// <param name="Features">Dictionary size.</param>
/// <param name="ActiveFeatures">Features active per sample (k of top-k).</param>
/// <param name="Steps">Training steps.</param>
/// <param name="BatchSize">Rows per step.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Seed">Seeds initialisation and batches.</param>
public sealed record SaeOptions(int Features = 256, int ActiveFeatures = 16, int Steps = 1500, int BatchSize = 256, double LearningRate = 2e-3, ulong Seed = 11)
{
    /// <summary>A compact text form, for cache keys.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"f{Features}-k{ActiveFeatures}-s{Steps}-b{BatchSize}-lr{LearningRate:0.######}-seed{Seed}");
}

/// <summary>
/// MONA-style task similarity through a sparse autoencoder trained on the embedded model's activations:
/// every pool sample and target sample is embedded (the last block's output averaged over the first
/// context of its full text), the SAE is trained on the pool's embeddings, and then per benchmark
/// <c>mona:NAME</c> is the cosine similarity of a sample's feature activations to the mean activation of
/// the benchmark's target samples, and <c>sparse_mona:NAME</c> the share of the sample's k active features
/// among the benchmark's 2k most frequently active ones. The activations themselves are the vectors
/// <c>sae</c> (for <c>semdedup</c>).
/// </summary>
public sealed class SaeSignals(LanguageModel model, string modelKey, SaeOptions options) : ISignalProvider
{
    /// <inheritdoc />
    public string Name => "sae";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => $"{modelKey}-{options.Key}-{TargetSet.HashOf(input.Targets)}";

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = model.Config.Context - 1;
        var width = model.Config.Width;
        var poolTexts = Enumerable.Range(0, input.Pool.Count).Select(i => Crop(ByteTokenizer.Encode(DataSearch.Text.SampleText.Full(input.Pool, i)), context)).ToList();
        var poolVectors = Embed(poolTexts, width, progress, "SAE: embed pool", cancellation);
        using var sae = new SparseAutoencoder(width, options.Features, options.ActiveFeatures, options.Seed);
        progress?.Report(new ProgressReport("SAE: train", 0, options.Steps, "steps"));
        using (TrainingLock.Hold(LanguageModel.Threads, progress, cancellation))
        {
            sae.Train(poolVectors, options.Steps, options.BatchSize, options.LearningRate, options.Seed, cancellation);
        }

        progress?.Report(new ProgressReport("SAE: train", options.Steps, options.Steps, "steps"));
        var activations = sae.Activations(poolVectors);
        var features = options.Features;
        var columns = new List<SignalColumn>();
        foreach (var target in input.Targets)
        {
            cancellation.ThrowIfCancellationRequested();
            var targetVectors = Embed([.. target.Texts.Select(t => Crop(ByteTokenizer.Encode(t), context))], width, null, string.Empty, cancellation);
            var targetActivations = sae.Activations(targetVectors);
            var rows = target.Texts.Count;
            var centroid = new double[features];
            var frequency = new int[features];
            for (var r = 0; r < rows; r++)
            {
                for (var f = 0; f < features; f++)
                {
                    var a = targetActivations[(r * features) + f];
                    centroid[f] += a / rows;
                    frequency[f] += a > 0 ? 1 : 0;
                }
            }

            var characteristic = Enumerable.Range(0, features).OrderByDescending(f => frequency[f]).ThenBy(f => f).Take(2 * options.ActiveFeatures).Where(f => frequency[f] > 0).ToHashSet();
            var centroidNorm = Math.Sqrt(centroid.Sum(c => c * c));
            var mona = new float[input.Pool.Count];
            var sparse = new float[input.Pool.Count];
            for (var i = 0; i < input.Pool.Count; i++)
            {
                double dot = 0, norm = 0;
                var overlap = 0;
                for (var f = 0; f < features; f++)
                {
                    var a = activations[((long)i * features) + f];
                    dot += a * centroid[f];
                    norm += a * a;
                    overlap += a > 0 && characteristic.Contains(f) ? 1 : 0;
                }

                mona[i] = norm > 0 && centroidNorm > 0 ? (float)(dot / (Math.Sqrt(norm) * centroidNorm)) : 0;
                sparse[i] = overlap / (float)options.ActiveFeatures;
            }

            columns.Add(SignalColumn.OfScores($"mona:{target.Name}", mona));
            columns.Add(SignalColumn.OfScores($"sparse_mona:{target.Name}", sparse));
        }

        return new SignalBlock(Name, Version, Key(input), columns, activations, features);
    }

    private static int[] Crop(int[] tokens, int context) => tokens.Length > context ? tokens[..context] : tokens;

    private float[] Embed(IReadOnlyList<int[]> texts, int width, IProgress<ProgressReport>? progress, string stage, CancellationToken cancellation)
    {
        var vectors = new float[(long)texts.Count * width];
        const int Chunk = 2048;
        for (var start = 0; start < texts.Count; start += Chunk)
        {
            cancellation.ThrowIfCancellationRequested();
            var count = Math.Min(Chunk, texts.Count - start);
            var embedded = SampleScorer.Embed(model, [.. texts.Skip(start).Take(count)], batchSize: 128, progress: progress, cancellation: cancellation);
            for (var j = 0; j < count; j++)
            {
                embedded[j].CopyTo(vectors, (long)(start + j) * width);
            }

            progress?.Report(new ProgressReport(stage, start + count, texts.Count, "samples"));
        }

        return vectors;
    }
}
