namespace DataSearch.Pool;

/// <summary>
/// Accumulates samples into the column layout of a <see cref="SamplePool"/>, assigning stable ids to
/// samples that come without one and refusing duplicate ids.
/// </summary>
/// <param name="expectedTextBytes">
/// The expected size of all text in UTF-8 bytes (an import's file sizes), or 0 when unknown: with it,
/// text that fits is never copied when the pool is built, so a large import holds it once, not twice.
/// </param>
public sealed class PoolBuilder(long expectedTextBytes = 0)
{
    private readonly TextBufferBuilder text = new(expectedTextBytes);
    private readonly List<TextSpan> sampleIds = [];
    private readonly List<ulong> contentHashes = [];
    private readonly List<int> sourceIndex = [];
    private readonly List<TextSpan> targets = [];
    private readonly List<TextSpan> metadata = [];
    private readonly List<int> messageStart = [0];
    private readonly List<byte> roles = [];
    private readonly List<TextSpan> contents = [];
    private readonly List<int> tagStart = [0];
    private readonly List<int> tagIds = [];
    private readonly Dictionary<string, int> sources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> idsSeen = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, int> occurrences = [];

    /// <summary>The number of samples added so far.</summary>
    public int Count => sampleIds.Count;

    /// <summary>
    /// Adds a sample. When <paramref name="sampleId"/> is null the id is derived from the content.
    /// Returns false, adding nothing, when the id is already taken; <paramref name="assignedId"/> then
    /// names it and <paramref name="firstIndex"/> is the index of the sample that holds it.
    /// </summary>
    public bool TryAdd(
        string? sampleId,
        IReadOnlyList<ChatMessage> messages,
        string sourceName,
        string? target,
        IReadOnlyList<string> sampleTags,
        string? metadataJson,
        out string assignedId,
        out int firstIndex)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(sampleTags);
        var hash = SampleIdentity.ContentHash(messages);
        assignedId = sampleId ?? NextGeneratedId(hash);
        if (idsSeen.TryGetValue(assignedId, out firstIndex))
        {
            return false;
        }

        firstIndex = Count;
        idsSeen.Add(assignedId, Count);
        sampleIds.Add(Append(assignedId));
        contentHashes.Add(hash);
        sourceIndex.Add(Intern(sources, sourceName));
        targets.Add(Append(target));
        metadata.Add(Append(metadataJson));
        foreach (var message in messages)
        {
            roles.Add((byte)message.Role);
            contents.Add(Append(message.Content ?? string.Empty));
        }

        messageStart.Add(roles.Count);
        foreach (var tag in sampleTags)
        {
            tagIds.Add(Intern(tags, tag));
        }

        tagStart.Add(tagIds.Count);
        return true;
    }

    /// <summary>Adds a sample record, keeping its id; throws when the id is already taken.</summary>
    public void Add(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (!TryAdd(sample.SampleId, sample.Messages, sample.SourceName, sample.Target, sample.Tags, sample.MetadataJson, out var id, out _))
        {
            throw new ArgumentException($"Duplicate sample_id '{id}'.", nameof(sample));
        }
    }

    /// <summary>Freezes what was added into a pool. The builder should not be used afterwards.</summary>
    public SamplePool Build()
    {
        return new SamplePool(new PoolColumns(
            text.Build(),
            [.. sampleIds],
            [.. contentHashes],
            [.. sourceIndex],
            [.. targets],
            [.. metadata],
            [.. messageStart],
            [.. roles],
            [.. contents],
            [.. tagStart],
            [.. tagIds],
            Ordered(sources),
            Ordered(tags)));
    }

    private string NextGeneratedId(ulong hash)
    {
        // The n-th exact duplicate gets suffix -n; skip any id that a given id already took.
        occurrences.TryGetValue(hash, out var seen);
        string id;
        do
        {
            seen++;
            id = SampleIdentity.IdFor(hash, seen);
        }
        while (idsSeen.ContainsKey(id));

        occurrences[hash] = seen;
        return id;
    }

    private TextSpan Append(string? value) => value is null ? TextSpan.Missing : text.Append(value);

    private static int Intern(Dictionary<string, int> table, string value)
    {
        if (!table.TryGetValue(value, out var id))
        {
            id = table.Count;
            table.Add(value, id);
        }

        return id;
    }

    private static string[] Ordered(Dictionary<string, int> table)
    {
        var names = new string[table.Count];
        foreach (var (name, id) in table)
        {
            names[id] = name;
        }

        return names;
    }
}
