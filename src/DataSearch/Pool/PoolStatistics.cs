using System.Text;

namespace DataSearch.Pool;

/// <summary>A summary of a pool: sizes, sources, lengths, turns and duplicates.</summary>
/// <param name="Samples">Number of samples.</param>
/// <param name="Messages">Number of messages.</param>
/// <param name="Sources">Per-source figures, in order of first appearance.</param>
/// <param name="PromptChars">Length of the non-assistant messages of each sample.</param>
/// <param name="ResponseChars">Length of the assistant messages of each sample.</param>
/// <param name="ExactDuplicates">Samples whose normalised conversation occurred earlier (removing them is the dedup operator's job).</param>
/// <param name="DuplicateGroups">Distinct conversations that occur more than once.</param>
/// <param name="DuplicateIds">Sample ids used more than once (always 0 in a pool that validates).</param>
/// <param name="EmptyResponses">Samples whose last assistant message is blank.</param>
/// <param name="WithSystemPrompt">Samples with a system message.</param>
/// <param name="WithTarget">Samples with a reference answer.</param>
/// <param name="AssistantTurns">How many samples have 1, 2, … assistant turns.</param>
/// <param name="Tags">The most frequent tags with their counts.</param>
public sealed record PoolStatistics(
    int Samples,
    int Messages,
    IReadOnlyList<SourceStatistics> Sources,
    LengthQuantiles PromptChars,
    LengthQuantiles ResponseChars,
    int ExactDuplicates,
    int DuplicateGroups,
    int DuplicateIds,
    int EmptyResponses,
    int WithSystemPrompt,
    int WithTarget,
    IReadOnlyList<TurnCount> AssistantTurns,
    IReadOnlyList<TagCount> Tags)
{
    private const int TagsShown = 20;

    /// <summary>Computes the statistics of <paramref name="pool"/> in one pass over its columns.</summary>
    public static PoolStatistics Compute(SamplePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var count = pool.Count;
        var prompt = new int[count];
        var response = new int[count];
        var duplicate = new bool[count];
        var empty = new bool[count];
        var firstSeen = new Dictionary<ulong, int>(count);
        var groups = new HashSet<ulong>();
        var turns = new SortedDictionary<int, int>();
        var tagCounts = new int[pool.TagNames.Count];
        var withSystem = 0;
        var withTarget = 0;
        for (var i = 0; i < count; i++)
        {
            var assistantTurns = 0;
            var lastAssistantBlank = true;
            for (var m = 0; m < pool.GetMessageCount(i); m++)
            {
                var content = pool.GetContentUtf8(i, m);
                var chars = Encoding.UTF8.GetCharCount(content);
                switch (pool.GetRole(i, m))
                {
                    case ChatRole.Assistant:
                        response[i] += chars;
                        assistantTurns++;
                        lastAssistantBlank = content.IndexOfAnyExcept(" \t\r\n"u8) < 0;
                        break;
                    case ChatRole.System:
                        prompt[i] += chars;
                        if (m == 0)
                        {
                            withSystem++;
                        }

                        break;
                    default:
                        prompt[i] += chars;
                        break;
                }
            }

            empty[i] = lastAssistantBlank;
            turns[assistantTurns] = turns.GetValueOrDefault(assistantTurns) + 1;
            if (!pool.Columns.Targets[i].IsMissing)
            {
                withTarget++;
            }

            foreach (var tag in pool.Columns.TagIds.AsSpan(pool.Columns.TagStart[i], pool.Columns.TagStart[i + 1] - pool.Columns.TagStart[i]))
            {
                tagCounts[tag]++;
            }

            var hash = pool.GetContentHash(i);
            if (!firstSeen.TryAdd(hash, i))
            {
                duplicate[i] = true;
                groups.Add(hash);
            }
        }

        return new PoolStatistics(
            count,
            pool.MessageCount,
            PerSource(pool, prompt, response, duplicate, empty),
            LengthQuantiles.Of((int[])prompt.Clone()),
            LengthQuantiles.Of((int[])response.Clone()),
            duplicate.Count(d => d),
            groups.Count,
            CountDuplicateIds(pool),
            empty.Count(e => e),
            withSystem,
            withTarget,
            [.. turns.Select(t => new TurnCount(t.Key, t.Value))],
            [.. tagCounts.Select((c, t) => new TagCount(pool.TagNames[t], c)).OrderByDescending(t => t.Samples).ThenBy(t => t.Tag, StringComparer.Ordinal).Take(TagsShown)]);
    }

    private static List<SourceStatistics> PerSource(SamplePool pool, int[] prompt, int[] response, bool[] duplicate, bool[] empty)
    {
        var members = new List<int>[pool.SourceNames.Count];
        for (var s = 0; s < members.Length; s++)
        {
            members[s] = [];
        }

        for (var i = 0; i < pool.Count; i++)
        {
            members[pool.GetSourceIndex(i)].Add(i);
        }

        return [.. members.Select((indices, s) => new SourceStatistics(
            pool.SourceNames[s],
            indices.Count,
            indices.Count(i => duplicate[i]),
            indices.Count(i => empty[i]),
            LengthQuantiles.Of([.. indices.Select(i => prompt[i])]).P50,
            LengthQuantiles.Of([.. indices.Select(i => response[i])]).P50))];
    }

    private static int CountDuplicateIds(SamplePool pool)
    {
        var seen = new HashSet<string>(pool.Count, StringComparer.Ordinal);
        var duplicates = 0;
        for (var i = 0; i < pool.Count; i++)
        {
            if (!seen.Add(pool.GetSampleId(i)))
            {
                duplicates++;
            }
        }

        return duplicates;
    }
}
