using System.IO.Hashing;
using System.Text;
using DataSearch.Checkers;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Randomness;
using DataSearch.Text;

namespace DataSearch.Environments;

/// <summary>
/// Acquisition tasks from any canonical pool (e.g. the Alpaca seed tasks after <c>pool import</c>): one
/// task per group of samples sharing a tag (or a source), each sample's first user turn a question and
/// its last assistant turn the answer. Groups too small to give probes, dev and test questions are left
/// out; ids are <c>pool-GROUP</c>, categories the group's name.
/// </summary>
public static class PoolTasks
{
    /// <summary>Probe questions per task.</summary>
    public const int Probes = 2;

    /// <summary>Dev and test questions per task, each.</summary>
    public const int HeldOut = 5;

    /// <summary>How samples are grouped into tasks.</summary>
    public static IReadOnlyList<string> Groupings { get; } = ["tag", "source"];

    /// <summary>
    /// The tasks of <paramref name="pool"/>, grouped by <paramref name="groupBy"/>, drawn from
    /// <paramref name="seed"/>; in group order. Answers are checked by <paramref name="checker"/>
    /// (exact match when null), whatever the groups are called.
    /// </summary>
    public static IReadOnlyList<AcquisitionTask> Build(SamplePool pool, string groupBy, ulong seed, IAnswerChecker? checker = null)
    {
        checker ??= new ExactMatchChecker();
        ArgumentNullException.ThrowIfNull(pool);
        if (!Groupings.Contains(groupBy))
        {
            throw new UsageException($"tasks_group_by: '{groupBy}' is not one of {string.Join(", ", Groupings)}");
        }

        var groups = new SortedDictionary<string, List<BenchmarkItem>>(StringComparer.Ordinal);
        for (var i = 0; i < pool.Count; i++)
        {
            var group = groupBy == "source" ? pool.GetSourceName(i) : pool.GetTags(i).FirstOrDefault();
            if (group is null || Question(pool, i) is not { } item)
            {
                continue;
            }

            if (!groups.TryGetValue(group, out var items))
            {
                groups[group] = items = [];
            }

            items.Add(item with { Id = $"{pool.GetSampleId(i)}" });
        }

        var tasks = new List<AcquisitionTask>();
        foreach (var (group, items) in groups.Where(g => g.Value.Count >= Probes + (2 * HeldOut)))
        {
            var shuffled = items.ToList();
            new DeterministicRandom(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(group), unchecked((long)seed))).Shuffle(shuffled);
            var example = shuffled[0];
            tasks.Add(new AcquisitionTask(
                $"pool-{group}",
                $"Answer requests of the '{group}' kind, e.g. \"{Shorten(example.Prompt)}\" → \"{Shorten(example.Answer)}\".",
                group,
                TaskKind.Skill,
                [.. shuffled.Take(Probes)],
                [.. shuffled.Skip(Probes).Take(HeldOut)],
                [.. shuffled.Skip(Probes + HeldOut).Take(HeldOut)],
                checker));
        }

        return tasks.Count > 0
            ? tasks
            : throw new UsageException($"tasks_pool: no {groupBy} holds {Probes + (2 * HeldOut)} question/answer samples, so no task can be made");
    }

    /// <summary>The sample's first user turn and last assistant turn, or null when it lacks either.</summary>
    private static BenchmarkItem? Question(SamplePool pool, int index)
    {
        var first = Enumerable.Range(0, pool.GetMessageCount(index)).FirstOrDefault(m => pool.GetRole(index, m) == ChatRole.User, -1);
        var prompt = first < 0 ? null : pool.GetContent(index, first);
        var answer = SampleText.Response(pool, index);
        return string.IsNullOrWhiteSpace(prompt) || string.IsNullOrWhiteSpace(answer) ? null : new BenchmarkItem(string.Empty, prompt.Trim(), answer.Trim());
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
