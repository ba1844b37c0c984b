using DataSearch.Progress;
using DataSearch.Retrieval;
using DataSearch.Text;

namespace DataSearch.Signals.Providers;

/// <summary>
/// <c>relevance:NAME</c> per target set: the BM25 score of each pool sample, as a Lucene document,
/// against the target set as one weighted query. The query's terms are the target set's analysed
/// terms weighted by their count in the set; the <see cref="MaxQueryTerms"/> terms with the highest
/// count × IDF (IDF over the pool) are kept, so frequent function words do not dominate.
/// </summary>
public sealed class Relevance : ISignalProvider
{
    /// <summary>Query terms kept per target set.</summary>
    public const int MaxQueryTerms = 1024;

    /// <summary>The column name for one target set.</summary>
    public static string ColumnFor(string target) => $"relevance:{target}";

    /// <inheritdoc />
    public string Name => "relevance";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => TargetSet.HashOf(input.Targets);

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var texts = new string[input.Pool.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = SampleText.Full(input.Pool, i);
        }

        using var index = Bm25Index.Build(texts, progress, cancellation: cancellation);
        var columns = new List<SignalColumn>();
        foreach (var target in input.Targets)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(new ProgressReport($"relevance to {target.Name}", columns.Count, input.Targets.Count, "targets"));
            columns.Add(SignalColumn.OfScores(ColumnFor(target.Name), index.ScoreAll(QueryTerms(index, target))));
        }

        return new SignalBlock(Name, Version, Key(input), columns);
    }

    /// <summary>The weighted query terms that stand for <paramref name="target"/> in <paramref name="index"/>.</summary>
    public static IReadOnlyDictionary<string, float> QueryTerms(Bm25Index index, TargetSet target)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(target);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in target.Texts)
        {
            foreach (var term in index.Terms(text))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }

        return counts
            .Select(c => (Term: c.Key, Count: c.Value, Weight: c.Value * Math.Log(1 + (index.Count / (1.0 + index.DocumentFrequency(c.Key))))))
            .OrderByDescending(t => t.Weight)
            .ThenBy(t => t.Term, StringComparer.Ordinal)
            .Take(MaxQueryTerms)
            .ToDictionary(t => t.Term, t => (float)t.Count, StringComparer.Ordinal);
    }
}
