using System.Text.Json;
using DataSearch.Randomness;

namespace DataSearch.Acquisition.Optimizers;

/// <summary>
/// The built-in optimizer. From the task analysis it writes one of a small set of plans — look up each
/// unknown name (<c>retrieve_each:k</c>), search with the instruction (<c>retrieve_instruction:k</c>), ask
/// for demonstrations of the category (<c>demonstrate:n</c>), have the failed probes answered
/// (<c>answer_failed</c>), both (<c>demonstrate_answer:n</c>), or do nothing (<c>none</c>). It starts
/// from a rule (names → look them up; failed probes → 128 demonstrations; nothing failed → nothing)
/// and learns, per task category, the mean reward of every plan it has tried: <see cref="Best"/> then
/// picks the plan with the highest mean, and <see cref="Propose"/> explores untried plans first, then
/// the better ones more often. It also learns per situation (whether the probes name unknown entities)
/// and, within a situation, per category: a task of a category it never saw — a held-out task — gets
/// the plan whose reward is best *across the categories of its situation* by a lower bound (the mean
/// of the per-category means less one standard error of them), since a new category is one more draw
/// of categories, not one more try of a known one: a plan that paid off greatly on one category and
/// nothing on the others ranks below a cheap plan that never lost much.
/// </summary>
public sealed class HeuristicOptimizer : ITrajectoryOptimizer
{
    private static readonly int[] RetrieveK = [1, 2];
    private static readonly int[] InstructionK = [3, 10];
    private static readonly int[] DemonstrationN = [32, 128, 512];

    // Demonstrations plus the failed probes answered: on skill tasks the answers add what the
    // demonstrations alone miss (measured: call-everything's edge on them was exactly these answers).
    private static readonly int[] CombinedDemonstrationN = [128, 512];

    // (category, or situation/category, plan) → (tries, total reward)
    private Dictionary<string, Dictionary<string, PlanStatistics>> statistics = new(StringComparer.Ordinal);

    // The situation of each task proposed for, so that Learn can credit it (records carry no analysis).
    private readonly Dictionary<string, string> situations = new(StringComparer.Ordinal);

    public string Name => "heuristic";

    /// <summary>The plans applicable to a task, by label.</summary>
    public static IReadOnlyDictionary<string, Trajectory> PlansFor(OptimizerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plans = new Dictionary<string, Trajectory>(StringComparer.Ordinal) { ["none"] = Trajectory.Empty };
        if (input.Analysis.Entities.Count > 0)
        {
            foreach (var k in RetrieveK.Where(k => k <= input.Limits.MaxK))
            {
                plans[$"retrieve_each:k={k}"] = Plans.RetrieveEach(input, k);
            }
        }

        foreach (var k in InstructionK.Where(k => k <= input.Limits.MaxK))
        {
            plans[$"retrieve_instruction:k={k}"] = Plans.RetrieveInstruction(input, k);
        }

        foreach (var n in DemonstrationN.Where(n => n <= input.Limits.MaxN))
        {
            plans[$"demonstrate:n={n}"] = Plans.Demonstrate(input, n);
        }

        if (input.Analysis.FailedProbes.Count > 0)
        {
            plans["answer_failed"] = Plans.AnswerFailedProbes(input);
            foreach (var n in CombinedDemonstrationN.Where(n => n <= input.Limits.MaxN))
            {
                plans[$"demonstrate_answer:n={n}"] = Plans.Concat(Plans.Demonstrate(input, n), Plans.AnswerFailedProbes(input));
            }
        }

        return plans;
    }

    /// <summary>The rule used before anything is learned.</summary>
    public static string RulePlan(OptimizerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Analysis.Entities.Count > 0)
        {
            return "retrieve_each:k=1";
        }

        return input.Analysis.ProbeAccuracy < 1 && input.Limits.MaxN >= 128 ? "demonstrate:n=128" : "none";
    }

    public IReadOnlyList<ProposedTrajectory> Propose(OptimizerInput input, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plans = PlansFor(input);
        situations[input.TaskId] = Situation(input);
        var known = statistics.GetValueOrDefault(input.Category) ?? [];
        var random = new DeterministicRandom(seed);
        var chosen = new List<string> { BestPlan(input, plans) };
        var untried = plans.Keys.Where(p => !known.ContainsKey(p) && !chosen.Contains(p)).ToList();
        random.Shuffle(untried);
        chosen.AddRange(untried.Take(count - 1));
        var names = plans.Keys.ToList();
        while (chosen.Count < count)
        {
            // Explore among the tried plans, the better ones more often: a tournament of two.
            var a = random.Pick(names);
            var b = random.Pick(names);
            chosen.Add(Mean(known, a) >= Mean(known, b) ? a : b);
        }

        return [.. chosen.Take(count).Select(p => new ProposedTrajectory(plans[p].ToString(), p))];
    }

    public ProposedTrajectory Best(OptimizerInput input, ulong seed)
    {
        var plans = PlansFor(input);
        var plan = BestPlan(input, plans);
        return new ProposedTrajectory(plans[plan].ToString(), plan);
    }

    public double? Learn(IReadOnlyList<TrajectoryRecord> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var squaredErrors = new List<double>();
        foreach (var result in results.Where(r => r.Plan is not null))
        {
            var before = Add(result.Category, result.Plan!, result.Reward);
            if (before.Tries > 0)
            {
                squaredErrors.Add(Math.Pow(result.Reward - (before.TotalReward / before.Tries), 2));
            }

            if (situations.TryGetValue(result.TaskId, out var situation))
            {
                Add($"{situation}/{result.Category}", result.Plan!, result.Reward);
            }
        }

        return squaredErrors.Count > 0 ? squaredErrors.Average() : null;
    }

    public string SaveState() => JsonSerializer.Serialize(statistics);

    public void LoadState(string json) =>
        statistics = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, PlanStatistics>>>(json) ?? new(StringComparer.Ordinal);

    /// <summary>Mean reward per plan learned so far for a category (empty when none).</summary>
    public IReadOnlyDictionary<string, double> Learned(string category) =>
        (statistics.GetValueOrDefault(category) ?? []).ToDictionary(p => p.Key, p => p.Value.TotalReward / p.Value.Tries, StringComparer.Ordinal);

    /// <summary>The situation key of a task: what transfers to a category never seen.</summary>
    public static string Situation(OptimizerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Analysis.Entities.Count > 0 ? "situation:unknown-entities" : "situation:no-entities";
    }

    // The category's best tried plan; for a category never tried, the best across its situation's
    // categories (CrossCategoryBound); else the rule.
    private string BestPlan(OptimizerInput input, IReadOnlyDictionary<string, Trajectory> plans)
    {
        var known = statistics.GetValueOrDefault(input.Category);
        var tried = plans.Keys.Where(p => known?.ContainsKey(p) == true).ToList();
        if (tried.Count > 0)
        {
            return tried.OrderByDescending(p => Mean(known!, p)).ThenBy(p => p, StringComparer.Ordinal).First();
        }

        var prefix = Situation(input) + "/";
        var categories = statistics.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s.Value).ToList();
        var bounds = plans.Keys
            .Select(p => (Plan: p, Bound: CrossCategoryBound([.. categories.Where(c => c.ContainsKey(p)).Select(c => Mean(c, p))])))
            .Where(b => b.Bound is not null)
            .ToList();
        return bounds.Count > 0
            ? bounds.OrderByDescending(b => b.Bound).ThenBy(b => b.Plan, StringComparer.Ordinal).First().Plan
            : RulePlan(input);
    }

    /// <summary>
    /// What a plan is expected to earn on one more category: the mean of its per-category mean rewards
    /// less one standard error of them; a plan tried on a single category has no spread to go by and
    /// counts its mean less half its magnitude.
    /// </summary>
    public static double? CrossCategoryBound(IReadOnlyList<double> categoryMeans)
    {
        ArgumentNullException.ThrowIfNull(categoryMeans);
        if (categoryMeans.Count == 0)
        {
            return null;
        }

        var mean = categoryMeans.Average();
        if (categoryMeans.Count == 1)
        {
            return mean - (Math.Abs(mean) / 2);
        }

        var variance = categoryMeans.Sum(m => (m - mean) * (m - mean)) / (categoryMeans.Count - 1);
        return mean - Math.Sqrt(variance / categoryMeans.Count);
    }

    private PlanStatistics Add(string key, string plan, double reward)
    {
        if (!statistics.TryGetValue(key, out var known))
        {
            statistics[key] = known = new Dictionary<string, PlanStatistics>(StringComparer.Ordinal);
        }

        var before = known.GetValueOrDefault(plan) ?? new PlanStatistics(0, 0);
        known[plan] = new PlanStatistics(before.Tries + 1, before.TotalReward + reward);
        return before;
    }

    private static double Mean(IReadOnlyDictionary<string, PlanStatistics> known, string plan) =>
        known.TryGetValue(plan, out var s) && s.Tries > 0 ? s.TotalReward / s.Tries : double.NegativeInfinity;

    /// <summary>How often a plan was tried and the rewards it got in total.</summary>
    public sealed record PlanStatistics(int Tries, double TotalReward);
}
