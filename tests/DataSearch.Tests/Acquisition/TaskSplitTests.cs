using DataSearch.Acquisition;
using DataSearch.Checkers;
using DataSearch.Environments;
using DataSearch.Errors;

namespace DataSearch.Tests.Acquisition;

public class TaskSplitTests
{
    private static List<AcquisitionTask> Tasks(int skills, int knowledge) =>
    [
        .. Enumerable.Range(0, skills).Select(i => Task($"skill-{i}", TaskKind.Skill)),
        .. Enumerable.Range(0, knowledge).Select(i => Task($"knowledge-{i}", TaskKind.Knowledge)),
    ];

    private static AcquisitionTask Task(string id, TaskKind kind) => new(id, id, kind == TaskKind.Skill ? id : "lookup", kind, [], [], [], new ExactMatchChecker());

    [Theory]
    [InlineData(8, 3, 3, 2, 1)]
    [InlineData(8, 3, 0, 0, 0)]
    [InlineData(4, 2, 2, 1, 1)]
    [InlineData(5, 1, 2, 2, 0)] // one knowledge task: it stays for training
    [InlineData(1, 3, 2, 0, 2)] // one skill task: it stays for training
    public void Held_out_tasks_come_from_every_kind_in_proportion_and_each_kind_keeps_a_training_task(int skills, int knowledge, int heldOut, int heldSkills, int heldKnowledge)
    {
        var tasks = Tasks(skills, knowledge);
        var split = TaskSplit.Of(tasks, heldOut, 7);
        Assert.Equal(heldOut, split.HeldOut.Count);
        Assert.Equal(heldSkills, split.HeldOut.Count(t => t.Kind == TaskKind.Skill));
        Assert.Equal(heldKnowledge, split.HeldOut.Count(t => t.Kind == TaskKind.Knowledge));
        Assert.Equal(tasks, split.All);
        Assert.Equal(tasks.Count, split.Training.Count + split.HeldOut.Count);
        Assert.Empty(split.Training.Intersect(split.HeldOut));
        Assert.All(split.HeldOut, t => Assert.Equal(TaskSplit.HeldOutName, split.SplitOf(t)));
        Assert.All(split.Training, t => Assert.Equal(TaskSplit.TrainingName, split.SplitOf(t)));
        Assert.Equal(heldOut > 0, split.HasHeldOut);
        Assert.Equal(tasks.Where(split.Training.Contains), split.Training); // order kept
    }

    [Fact]
    public void The_seed_decides_which_tasks_are_held_out_and_the_same_seed_gives_the_same_split()
    {
        var tasks = Tasks(8, 3);
        Assert.Equal(TaskSplit.Of(tasks, 3, 1).HeldOut, TaskSplit.Of(tasks, 3, 1).HeldOut);
        var splits = Enumerable.Range(1, 20).Select(seed => string.Join(",", TaskSplit.Of(tasks, 3, (ulong)seed).HeldOut.Select(t => t.Id))).Distinct().Count();
        Assert.True(splits > 5, $"only {splits} different splits over 20 seeds");
    }

    [Fact]
    public void Holding_out_every_task_or_a_negative_count_is_refused_with_the_field_named()
    {
        var all = Assert.Throws<UsageException>(() => TaskSplit.Of(Tasks(2, 1), 3, 1));
        Assert.Contains("held_out_tasks: 3", all.Message, StringComparison.Ordinal);
        Assert.Contains("there are 3", all.Message, StringComparison.Ordinal);
        Assert.Throws<UsageException>(() => TaskSplit.Of(Tasks(2, 1), -1, 1));
    }

    [Fact]
    public void A_paired_interval_matches_students_t_by_hand_and_covers_zero_for_noise()
    {
        // Differences 1, 2, 3: mean 2, sd 1, t(0.975, 2 df) = 4.3027, half width 4.3027 / √3 = 2.4842.
        var p = PairedDifference.FromDifferences("a", "b", [1, 2, 3]);
        Assert.Equal(2, p.MeanDifference, 9);
        Assert.Equal(2 - 2.4842, p.Lower!.Value, 3);
        Assert.Equal(2 + 2.4842, p.Upper!.Value, 3);
        Assert.False(p.ClearlyBetter);
        Assert.Equal((3, 0), (p.Wins, p.Losses));
        Assert.True(PairedDifference.FromDifferences("a", "b", [2, 2.1, 1.9, 2.05]).ClearlyBetter);
        Assert.Null(PairedDifference.FromDifferences("a", "b", [4]).Lower);
    }
}
