using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Randomness;

namespace DataSearch.Acquisition;

/// <summary>
/// Which tasks the optimizer learns on and which it never sees. ADS claims that the optimizer generalises
/// to new tasks; only tasks it never trained on can show that. Held-out tasks are drawn from every kind
/// (skill, knowledge) in proportion, so that they are of the same families as the training tasks: new
/// entities for knowledge, new skills for skills.
/// </summary>
/// <param name="Training">Tasks the loop samples, learns on and updates the policy for.</param>
/// <param name="HeldOut">Tasks seen only in the final evaluation (empty: figures are on the training tasks).</param>
public sealed record TaskSplit(IReadOnlyList<AcquisitionTask> Training, IReadOnlyList<AcquisitionTask> HeldOut)
{
    /// <summary>The split name of a held-out task in results.</summary>
    public const string HeldOutName = "held_out";

    /// <summary>The split name of a training task in results.</summary>
    public const string TrainingName = "training";

    /// <summary>Every task, in the order given to <see cref="Of"/>.</summary>
    public IReadOnlyList<AcquisitionTask> All { get; private init; } = [];

    /// <summary>True when some tasks are held out.</summary>
    public bool HasHeldOut => HeldOut.Count > 0;

    /// <summary>The split name of <paramref name="task"/>.</summary>
    public string SplitOf(AcquisitionTask task) => HeldOut.Contains(task) ? HeldOutName : TrainingName;

    /// <summary>
    /// Holds <paramref name="heldOut"/> of <paramref name="tasks"/> out, drawn from <paramref name="seed"/>:
    /// each kind gives its share (largest remainders) and keeps at least one task for training while
    /// another kind can give instead. Task order is kept within each part.
    /// </summary>
    public static TaskSplit Of(IReadOnlyList<AcquisitionTask> tasks, int heldOut, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (heldOut < 0)
        {
            throw new UsageException($"held_out_tasks: {heldOut} must be ≥ 0");
        }

        if (heldOut > 0 && heldOut >= tasks.Count)
        {
            throw new UsageException($"held_out_tasks: {heldOut} would leave no task to train on (there are {tasks.Count}); lower it");
        }

        var kinds = tasks.GroupBy(t => t.Kind).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        var quotas = Quotas(kinds.Select(k => k.Count).ToList(), heldOut);
        var random = new DeterministicRandom(seed ^ 0x5EED_7A5CUL);
        var held = new HashSet<AcquisitionTask>();
        for (var k = 0; k < kinds.Count; k++)
        {
            var shuffled = kinds[k].ToList();
            random.Shuffle(shuffled);
            held.UnionWith(shuffled.Take(quotas[k]));
        }

        return new TaskSplit([.. tasks.Where(t => !held.Contains(t))], [.. tasks.Where(held.Contains)]) { All = tasks };
    }

    /// <summary>How the split reads in results: what the figures are on.</summary>
    public string Describe() => HasHeldOut
        ? $"{HeldOut.Count} held-out tasks the optimizer never saw ({string.Join(", ", HeldOut.Select(t => t.Id))}) are the headline; the {Training.Count} training tasks' figures are reported beside them, labelled"
        : "no task held out: the evaluation tasks are the training tasks; only their test questions are held out";

    // Largest-remainder shares of `total` over groups of the given sizes; every group keeps a task while another has room.
    private static List<int> Quotas(List<int> sizes, int total)
    {
        var all = sizes.Sum();
        var caps = sizes.Select(s => s - 1).ToList();
        var exact = sizes.Select(s => all == 0 ? 0 : (double)total * s / all).ToList();
        var quotas = exact.Select((e, i) => Math.Min(caps[i], (int)Math.Floor(e))).ToList();
        // What is left goes to the largest remainders, a group's last task only when no other has room.
        var order = Enumerable.Range(0, sizes.Count).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i).ToList();
        while (quotas.Sum() < total)
        {
            var next = order.Where(i => quotas[i] < caps[i]).Concat(order.Where(i => quotas[i] < sizes[i])).First();
            quotas[next]++;
        }

        return quotas;
    }
}
