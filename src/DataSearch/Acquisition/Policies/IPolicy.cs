using DataSearch.Evaluation;

namespace DataSearch.Acquisition.Policies;

/// <summary>
/// The policy model of active data search: what answers the tasks' questions and is fine-tuned on the
/// acquired data. The embedded model is one; a model trained by the user's own command and answering
/// through a command or an OpenAI-compatible endpoint is another (<see cref="CommandPolicyBackend"/>).
/// </summary>
public interface IPolicy : IDisposable
{
    /// <summary>One answer per item, greedy. Only the questions are given to the model; the reference answers may bound how long an answer can be.</summary>
    IReadOnlyList<string> Answer(IReadOnlyList<BenchmarkItem> items, CancellationToken cancellation);

    /// <summary>An independent copy (disposing one leaves the other usable).</summary>
    IPolicy Clone();

    /// <summary>Writes a checkpoint at <paramref name="path"/> that <see cref="IPolicyBackend.Load"/> reads; its <c>PATH.json</c> is written last.</summary>
    void Save(string path);
}

/// <summary>How policies are trained and restored: the embedded trainer, or the user's commands.</summary>
public interface IPolicyBackend
{
    /// <summary>The settings of updates (steps, batch size, replay).</summary>
    PolicySettings Settings { get; }

    /// <summary>A new policy: <paramref name="from"/> fine-tuned for <paramref name="steps"/> steps on <paramref name="samples"/> (plus replayed seed samples); <paramref name="from"/> is unchanged.</summary>
    IPolicy Update(IPolicy from, IReadOnlyList<AcquiredSample> samples, int steps, ulong seed, CancellationToken cancellation);

    /// <summary>The policy saved at <paramref name="path"/> by <see cref="IPolicy.Save"/>.</summary>
    IPolicy Load(string path);
}

/// <summary>Scoring a policy on a task's questions.</summary>
public static class PolicyScore
{
    /// <summary>Percent of <paramref name="items"/> that <paramref name="policy"/> answers right, as <paramref name="check"/> (predicted, expected) decides.</summary>
    public static double Of(IPolicy policy, IReadOnlyList<BenchmarkItem> items, Func<string, string, bool> check, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(check);
        if (items.Count == 0)
        {
            return 0;
        }

        var answers = policy.Answer(items, cancellation);
        return 100.0 * items.Where((item, i) => check(answers[i], item.Answer)).Count() / items.Count;
    }
}
