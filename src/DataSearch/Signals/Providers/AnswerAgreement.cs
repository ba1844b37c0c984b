using System.IO.Hashing;
using System.Runtime.InteropServices;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Text;

namespace DataSearch.Signals.Providers;

/// <summary>
/// <c>answer_agreement</c>: how far a sample's answer agrees with the other samples that ask the same
/// thing (the same messages up to the last answer, after <see cref="TextNormalizer"/>): (agreeing others
/// + ½) ÷ (others + 1). A sample alone with its question scores ½; one whose answer most of its
/// question's other samples share scores near 1; the odd one out near 0. Pools repeat questions more
/// than one expects (small task spaces, templated sources, scraped copies), and where they do, an answer
/// that disagrees with the majority is the likeliest to be wrong — a harm signal that needs no model and
/// no ground truth (docs/recipes.md measures it).
/// </summary>
public sealed class AnswerAgreement : ISignalProvider
{
    /// <summary>The column's name.</summary>
    public const string Column = "answer_agreement";

    /// <inheritdoc />
    public string Name => "answer_agreement";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => string.Empty;

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pool = input.Pool;
        var keys = new (UInt128 Question, UInt128 Answer)[pool.Count];
        var questions = new Dictionary<UInt128, int>(pool.Count);
        var answers = new Dictionary<(UInt128, UInt128), int>(pool.Count);
        var normalized = new byte[4096];
        var hash = new XxHash128();
        for (var i = 0; i < pool.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var last = SampleText.ResponseMessage(pool, i);
            hash.Reset();
            NormalizedMessages.Append(hash, pool, i, 0, last < 0 ? pool.GetMessageCount(i) : last, ref normalized);
            var question = hash.GetCurrentHashAsUInt128();
            hash.Reset();
            if (last >= 0)
            {
                NormalizedMessages.Append(hash, pool, i, last, last + 1, ref normalized);
            }

            keys[i] = (question, hash.GetCurrentHashAsUInt128());
            CollectionsMarshal.GetValueRefOrAddDefault(questions, question, out _)++;
            CollectionsMarshal.GetValueRefOrAddDefault(answers, keys[i], out _)++;
            if ((i & 4095) == 4095)
            {
                progress?.Report(new ProgressReport("answer agreement", i + 1, pool.Count, "samples"));
            }
        }

        var scores = new float[pool.Count];
        for (var i = 0; i < pool.Count; i++)
        {
            var others = questions[keys[i].Question] - 1;
            var agreeing = answers[keys[i]] - 1;
            scores[i] = (float)((agreeing + 0.5) / (others + 1));
        }

        return new SignalBlock(Name, Version, string.Empty, [SignalColumn.OfScores(Column, scores)]);
    }
}
