using DataSearch.Acquisition;
using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Acquisition;

public class PoolTasksTests
{
    private static (string, string, string, string)[] Rows(string tag, int count, string source = "s") =>
        [.. Enumerable.Range(0, count).Select(i => ($"{tag} question {i}", $"{tag} answer {i}", source, tag))];

    [Fact]
    public void Each_large_enough_tag_becomes_a_task_with_disjoint_probes_dev_and_test_questions()
    {
        var pool = PoolMaker.Make([.. Rows("rhyme", 20), .. Rows("sum", 12), .. Rows("tiny", 5)]);
        var tasks = PoolTasks.Build(pool, "tag", seed: 1);
        Assert.Equal(["pool-rhyme", "pool-sum"], tasks.Select(t => t.Id));
        foreach (var task in tasks)
        {
            Assert.Equal(task.Id[5..], task.Category);
            Assert.Equal((PoolTasks.Probes, PoolTasks.HeldOut, PoolTasks.HeldOut), (task.Probes.Count, task.Dev.Count, task.Test.Count));
            var all = task.Probes.Concat(task.Dev).Concat(task.Test).ToList();
            Assert.Equal(all.Count, all.Select(i => i.Prompt).Distinct().Count());
            Assert.All(all, i => Assert.StartsWith(task.Category + " question", i.Prompt, StringComparison.Ordinal));
            Assert.All(all, i => Assert.Equal(i.Prompt.Replace("question", "answer", StringComparison.Ordinal), i.Answer));
            Assert.Contains(task.Category, task.Instruction);
        }

        Assert.Equal(tasks.Select(t => t.Test.Select(i => i.Id)), PoolTasks.Build(pool, "tag", 1).Select(t => t.Test.Select(i => i.Id)));
        Assert.NotEqual(tasks[0].Test.Select(i => i.Id), PoolTasks.Build(pool, "tag", 2)[0].Test.Select(i => i.Id));
    }

    [Fact]
    public void Sources_can_group_and_a_pool_without_a_large_group_is_refused()
    {
        var pool = PoolMaker.Make([.. Rows("a", 8, "forum"), .. Rows("b", 8, "forum"), .. Rows("c", 3, "wiki")]);
        Assert.Equal(["pool-forum"], PoolTasks.Build(pool, "source", 1).Select(t => t.Id));
        Assert.Contains("no tag holds 12", Assert.Throws<UsageException>(() => PoolTasks.Build(pool, "tag", 1)).Message);
        Assert.Throws<UsageException>(() => PoolTasks.Build(pool, "length", 1));
    }
}
