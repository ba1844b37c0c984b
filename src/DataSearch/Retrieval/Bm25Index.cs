using DataSearch.Progress;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace DataSearch.Retrieval;

/// <summary>
/// A BM25 index over a list of texts (Lucene.Net, standard analyzer, <see cref="BM25Similarity"/> with
/// k1 = 1.2, b = 0.75). Documents are addressed by their position in the list. Queries are analysed
/// into terms and OR-ed together; query text is never parsed as Lucene syntax, so any text is a valid
/// query.
/// </summary>
public sealed class Bm25Index : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string TextField = "text";
    private const string OrdinalField = "ordinal";

    private readonly Lucene.Net.Store.Directory directory;
    private readonly Analyzer analyzer;
    private readonly DirectoryReader reader;
    private readonly IndexSearcher searcher;

    private Bm25Index(Lucene.Net.Store.Directory directory, Analyzer analyzer, int count)
    {
        this.directory = directory;
        this.analyzer = analyzer;
        reader = DirectoryReader.Open(directory);
        searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        Count = count;
    }

    /// <summary>The number of documents.</summary>
    public int Count { get; }

    /// <summary>Indexes <paramref name="documents"/> in memory (or under <paramref name="folder"/> when given).</summary>
    public static Bm25Index Build(IReadOnlyList<string> documents, IProgress<ProgressReport>? progress = null, string? folder = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        BooleanQuery.MaxClauseCount = Math.Max(BooleanQuery.MaxClauseCount, 4096);
        Lucene.Net.Store.Directory directory = folder is null ? new RAMDirectory() : FSDirectory.Open(folder);
        var analyzer = new StandardAnalyzer(Version);
        var config = new IndexWriterConfig(Version, analyzer)
        {
            Similarity = new BM25Similarity(),
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 128,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            var text = new TextField(TextField, string.Empty, Field.Store.NO);
            var ordinal = new NumericDocValuesField(OrdinalField, 0);
            var document = new Document { text, ordinal };
            for (var i = 0; i < documents.Count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                text.SetStringValue(documents[i]);
                ordinal.SetInt64Value(i);
                writer.AddDocument(document);
                if ((i & 4095) == 4095)
                {
                    progress?.Report(new ProgressReport("BM25 index", i + 1, documents.Count, "documents"));
                }
            }

            writer.Commit();
        }

        progress?.Report(new ProgressReport("BM25 index", documents.Count, documents.Count, "documents"));
        return new Bm25Index(directory, analyzer, documents.Count);
    }

    /// <summary>The analysed terms of <paramref name="text"/>, in order, repeats kept.</summary>
    public IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(TextField, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    /// <summary>The number of documents containing <paramref name="term"/> (an analysed term).</summary>
    public int DocumentFrequency(string term) => reader.DocFreq(new Term(TextField, term));

    /// <summary>The best <paramref name="k"/> documents for <paramref name="query"/>, best first (ties by position).</summary>
    public IReadOnlyList<(int Document, float Score)> Search(string query, int k)
    {
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var term in Terms(query))
        {
            weights[term] = weights.GetValueOrDefault(term) + 1;
        }

        if (weights.Count == 0 || k <= 0)
        {
            return [];
        }

        var top = searcher.Search(QueryOf(weights), k);
        var ordinals = new List<(int, float)>(top.ScoreDocs.Length);
        foreach (var hit in top.ScoreDocs)
        {
            ordinals.Add((OrdinalOf(hit.Doc), hit.Score));
        }

        return [.. ordinals.OrderByDescending(h => h.Item2).ThenBy(h => h.Item1)];
    }

    /// <summary>
    /// The BM25 score of every document against a weighted bag of terms (Σ weight · BM25(term, doc));
    /// 0 for documents that match none.
    /// </summary>
    public float[] ScoreAll(IReadOnlyDictionary<string, float> weightedTerms)
    {
        ArgumentNullException.ThrowIfNull(weightedTerms);
        var scores = new float[Count];
        if (weightedTerms.Count > 0)
        {
            searcher.Search(QueryOf(weightedTerms), new ScoreEveryDocument(scores));
        }

        return scores;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        reader.Dispose();
        analyzer.Dispose();
        directory.Dispose();
    }

    private static BooleanQuery QueryOf(IReadOnlyDictionary<string, float> weightedTerms)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var (term, weight) in weightedTerms.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            query.Add(new TermQuery(new Term(TextField, term)) { Boost = weight }, Occur.SHOULD);
        }

        return query;
    }

    private int OrdinalOf(int document)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(document, leaves)];
        return (int)leaf.AtomicReader.GetNumericDocValues(OrdinalField).Get(document - leaf.DocBase);
    }

    /// <summary>Collects every matching document's score into an array indexed by ordinal.</summary>
    private sealed class ScoreEveryDocument(float[] scores) : ICollector
    {
        private Scorer? scorer;
        private NumericDocValues? ordinals;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => this.scorer = scorer;

        public void SetNextReader(AtomicReaderContext context) => ordinals = context.AtomicReader.GetNumericDocValues(OrdinalField);

        public void Collect(int doc) => scores[ordinals!.Get(doc)] = scorer!.GetScore();
    }
}
