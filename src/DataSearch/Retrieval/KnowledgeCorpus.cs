using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Retrieval;

/// <summary>One retrievable passage.</summary>
public sealed record CorpusPassage(string Id, string Title, string Text);

/// <summary>
/// The knowledge corpus <c>retrieve</c> searches: passages with a Lucene.Net BM25 index. Made from the
/// world's encyclopedia (one passage per article) or from any JSONL file of documents, cut into passages
/// of about 100 words. <see cref="Version"/> is a content hash, part of every cached call's key.
/// </summary>
public sealed class KnowledgeCorpus : IDisposable
{
    private readonly Bm25Index index;

    private KnowledgeCorpus(string name, IReadOnlyList<CorpusPassage> passages)
    {
        Name = name;
        Passages = passages;
        index = Bm25Index.Build([.. passages.Select(p => p.Title + " " + p.Text)]);
        var hash = new StringBuilder();
        foreach (var passage in passages)
        {
            hash.Append(passage.Id).Append('\u001f').Append(passage.Title).Append('\u001f').Append(passage.Text).Append('\u001e');
        }

        Version = $"{name}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash.ToString())))[..16]}";
    }

    /// <summary>A short name: <c>encyclopedia</c> or the file's name.</summary>
    public string Name { get; }

    /// <summary>Every passage, in index order.</summary>
    public IReadOnlyList<CorpusPassage> Passages { get; }

    /// <summary>Name and content hash.</summary>
    public string Version { get; }

    /// <summary>A corpus of ready-made passages (e.g. one per encyclopedia article) called <paramref name="name"/>.</summary>
    public static KnowledgeCorpus FromPassages(string name, IReadOnlyList<CorpusPassage> passages)
    {
        ArgumentNullException.ThrowIfNull(passages);
        return new KnowledgeCorpus(name, passages);
    }

    /// <summary>
    /// Documents from a JSONL file (one object per line with a text field and optionally a title and an
    /// id), cut into passages; a line that is not such an object is reported with its number.
    /// </summary>
    public static KnowledgeCorpus FromJsonl(string path, string textField = "text", string titleField = "title", int passageWords = 100, int? maxDocuments = null) =>
        new(Path.GetFileName(path), ReadPassages(path, textField, titleField, passageWords, maxDocuments));

    /// <summary>The passages <see cref="FromJsonl"/> would index, read without building the index (e.g. as pre-training text).</summary>
    public static List<CorpusPassage> ReadPassages(string path, string textField = "text", string titleField = "title", int passageWords = 100, int? maxDocuments = null)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such corpus file");
        }

        var passages = new List<CorpusPassage>();
        var documents = 0;
        foreach (var (line, root) in JsonObjectLines.Read(path))
        {
            if (documents++ >= maxDocuments)
            {
                break;
            }

            if (!root.TryGetProperty(textField, out var body) || body.ValueKind != JsonValueKind.String)
            {
                throw new InvalidInputException(new InputProblem(InputProblemKind.MissingField, new InputLocation(path, line, textField), $"expected an object with a string field '{textField}'"));
            }

            var title = root.TryGetProperty(titleField, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : string.Empty;
            var id = root.TryGetProperty("id", out var i) ? i.ToString() : $"doc-{line}";
            var part = 0;
            foreach (var passage in PassageSplitter.Split(title, body.GetString()!, passageWords))
            {
                passages.Add(new CorpusPassage($"{id}#{part++}", title, passage));
            }
        }

        return passages;
    }

    /// <summary>The <paramref name="k"/> passages most relevant to <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<CorpusPassage> Search(string query, int k) =>
        Passages.Count == 0 ? [] : [.. index.Search(query, k).Select(hit => Passages[hit.Document])];

    public void Dispose() => index.Dispose();
}
