using System.Text;

namespace DataSearch.Pool;

/// <summary>
/// An immutable set of samples held column-wise: all text lives in one UTF-8 buffer addressed by
/// <see cref="TextSpan"/>s, sources and tags are interned, and samples are addressed by their index.
/// Recipes pass index arrays around; text is decoded only when asked for.
/// </summary>
public sealed class SamplePool
{
    private readonly Lazy<Dictionary<string, int>> indexById;

    internal SamplePool(PoolColumns columns)
    {
        Columns = columns;
        indexById = new Lazy<Dictionary<string, int>>(BuildIndex, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The raw columns; shared with the binary format and the hot paths of later layers.</summary>
    internal PoolColumns Columns { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Columns.SampleIds.Length;

    /// <summary>The number of messages over all samples.</summary>
    public int MessageCount => Columns.Roles.Length;

    /// <summary>The distinct source names, in order of first appearance.</summary>
    public IReadOnlyList<string> SourceNames => Columns.SourceNames;

    /// <summary>The distinct tags, in order of first appearance.</summary>
    public IReadOnlyList<string> TagNames => Columns.TagNames;

    /// <summary>Size of the text buffer in bytes.</summary>
    public long TextBytes => Columns.Text.Length;

    /// <summary>The stable id of sample <paramref name="index"/>.</summary>
    public string GetSampleId(int index) => Decode(Columns.SampleIds[index])!;

    /// <summary>The 64-bit content hash (see <see cref="SampleIdentity"/>) of sample <paramref name="index"/>.</summary>
    public ulong GetContentHash(int index) => Columns.ContentHashes[index];

    /// <summary>The index into <see cref="SourceNames"/> of sample <paramref name="index"/>'s source.</summary>
    public int GetSourceIndex(int index) => Columns.SourceIndex[index];

    /// <summary>The source name of sample <paramref name="index"/>.</summary>
    public string GetSourceName(int index) => Columns.SourceNames[Columns.SourceIndex[index]];

    /// <summary>The number of messages in sample <paramref name="index"/>.</summary>
    public int GetMessageCount(int index) => Columns.MessageStart[index + 1] - Columns.MessageStart[index];

    /// <summary>The role of message <paramref name="message"/> of sample <paramref name="index"/>.</summary>
    public ChatRole GetRole(int index, int message) => (ChatRole)Columns.Roles[MessagePosition(index, message)];

    /// <summary>The UTF-8 content of a message, without copying.</summary>
    public ReadOnlySpan<byte> GetContentUtf8(int index, int message) => Slice(Columns.Contents[MessagePosition(index, message)]);

    /// <summary>The content of a message as a string.</summary>
    public string GetContent(int index, int message) => Decode(Columns.Contents[MessagePosition(index, message)])!;

    /// <summary>The reference answer of sample <paramref name="index"/>, or null.</summary>
    public string? GetTarget(int index) => Decode(Columns.Targets[index]);

    /// <summary>The metadata JSON object of sample <paramref name="index"/>, or null.</summary>
    public string? GetMetadataJson(int index) => Decode(Columns.Metadata[index]);

    /// <summary>The tags of sample <paramref name="index"/>.</summary>
    public IReadOnlyList<string> GetTags(int index)
    {
        var start = Columns.TagStart[index];
        var end = Columns.TagStart[index + 1];
        if (start == end)
        {
            return [];
        }

        var tags = new string[end - start];
        for (var i = start; i < end; i++)
        {
            tags[i - start] = Columns.TagNames[Columns.TagIds[i]];
        }

        return tags;
    }

    /// <summary>Sample <paramref name="index"/> as a record (allocates; not for hot paths).</summary>
    public Sample GetSample(int index)
    {
        var count = GetMessageCount(index);
        var messages = new ChatMessage[count];
        for (var m = 0; m < count; m++)
        {
            messages[m] = new ChatMessage(GetRole(index, m), GetContent(index, m));
        }

        return new Sample(GetSampleId(index), messages, GetSourceName(index), GetTarget(index), GetTags(index), GetMetadataJson(index));
    }

    /// <summary>Looks up a sample's index by its id; the lookup table is built on first use.</summary>
    public bool TryGetIndex(string sampleId, out int index) => indexById.Value.TryGetValue(sampleId, out index);

    /// <summary>Length in bytes of all message contents of sample <paramref name="index"/>.</summary>
    public int GetContentBytes(int index)
    {
        var total = 0;
        for (var p = Columns.MessageStart[index]; p < Columns.MessageStart[index + 1]; p++)
        {
            total += Columns.Contents[p].Length;
        }

        return total;
    }

    private int MessagePosition(int index, int message)
    {
        var start = Columns.MessageStart[index];
        if ((uint)message >= (uint)(Columns.MessageStart[index + 1] - start))
        {
            throw new ArgumentOutOfRangeException(nameof(message), message, $"Sample {index} has {GetMessageCount(index)} messages.");
        }

        return start + message;
    }

    private ReadOnlySpan<byte> Slice(TextSpan span) =>
        span.IsMissing ? [] : Columns.Text.Span.Slice(span.Start, span.Length);

    private string? Decode(TextSpan span) =>
        span.IsMissing ? null : Encoding.UTF8.GetString(Columns.Text.Span.Slice(span.Start, span.Length));

    private Dictionary<string, int> BuildIndex()
    {
        var map = new Dictionary<string, int>(Count, StringComparer.Ordinal);
        for (var i = 0; i < Count; i++)
        {
            map.Add(GetSampleId(i), i);
        }

        return map;
    }
}
