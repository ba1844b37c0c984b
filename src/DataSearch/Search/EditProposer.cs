using DataSearch.Randomness;
using DataSearch.Recipes;

namespace DataSearch.Search;

/// <summary>A proposed candidate: the recipe, the record it came from and the edit that made it (in words, for people).</summary>
public sealed record Proposal(Recipe Recipe, string? Parent, string Edit)
{
    /// <summary>The phase that proposed it.</summary>
    public ProposalOrigin Origin { get; init; } = ProposalOrigin.Edit;

    /// <summary>The edit operation (<c>change_parameter</c>, <c>insert_step</c>, …), the unit whose success rate steers later edits; empty when none.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>Whether it was proposed by a reseed after stagnation.</summary>
    public bool Reseed { get; init; }
}

/// <summary>
/// The built-in heuristic proposer, used whenever no LLM endpoint is configured. A real search policy:
/// parents are drawn by tournament from the best completed records (or, after a reseed, from the
/// reseed anchor); the edit kind is drawn in proportion to its success rate so far (a Beta posterior
/// mean per kind, prior 1:1, 3:1 for parameter changes: an edit succeeds when its child beats its parent); edits are local —
/// perturb one parameter (a Gaussian step of 15% of its range, on the log scale for wide ranges; for a
/// mix, one group's weight, which may drop the group or bring it back), insert a step with random
/// parameters, delete a step, or swap two neighbours.
/// </summary>
public sealed class EditProposer(SearchSpace space)
{
    /// <summary>The edit kinds.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["change_parameter", "insert_step", "delete_step", "swap_steps"];

    /// <summary>Proposes <paramref name="count"/> candidates from <paramref name="parents"/> (best first).</summary>
    public IReadOnlyList<Proposal> Propose(IReadOnlyList<(string Id, Recipe Recipe)> parents, IReadOnlyDictionary<string, (int Tries, int Successes)> editStatistics, int count, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(parents);
        ArgumentNullException.ThrowIfNull(editStatistics);
        ArgumentNullException.ThrowIfNull(random);
        var proposals = new List<Proposal>();
        if (parents.Count == 0)
        {
            return proposals;
        }

        // Beta-posterior mean success rate per kind; parameter changes start with a stronger prior (3:2)
        // because small moves near a good recipe are the likeliest improvements.
        var weights = Kinds.Select(k =>
        {
            var prior = k == "change_parameter" ? 3.0 : 1.0;
            var (tries, successes) = editStatistics.TryGetValue(k, out var s) ? s : (0, 0);
            return (prior + successes) / (prior + 1 + tries);
        }).ToArray();
        for (var attempt = 0; proposals.Count < count && attempt < count * 4; attempt++)
        {
            // Tournament of two among the parents (which come best first).
            var parent = parents[Math.Min(random.Next(parents.Count), random.Next(parents.Count))];
            var kind = Kinds[Draw(weights, random)];
            var edited = Edit(parent.Recipe, kind, random);
            if (edited is not null)
            {
                proposals.Add(new Proposal(edited.Value.Recipe, parent.Id, edited.Value.Description) { Kind = kind });
            }
        }

        return proposals;
    }

    /// <summary>A random recipe of <paramref name="length"/> steps, for reseeding far from the explored region.</summary>
    public Recipe RandomRecipe(int length, ulong seed, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var steps = Enumerable.Range(0, length).Select(_ => SearchSpace.RandomStep(space.Operators[random.Next(space.Operators.Count)], random)).ToList();
        return new Recipe(null, seed, steps);
    }

    private (Recipe Recipe, string Description)? Edit(Recipe recipe, string kind, DeterministicRandom random)
    {
        var steps = recipe.Steps.ToList();
        switch (kind)
        {
            case "change_parameter":
                {
                    var candidates = steps.Select((s, i) => (s, i)).Where(p => space.Find(p.s.Op) is { Parameters.Count: > 0 }).ToList();
                    if (candidates.Count == 0)
                    {
                        return null;
                    }

                    var (step, index) = candidates[random.Next(candidates.Count)];
                    var op = space.Find(step.Op)!;
                    var parameter = op.Parameters[random.Next(op.Parameters.Count)];
                    var values = new Dictionary<string, object?>(step.Params, StringComparer.Ordinal);
                    values[parameter.Name] = Perturb(parameter, values.GetValueOrDefault(parameter.Name), random);
                    steps[index] = step with { Params = values };
                    return (recipe with { Steps = steps }, $"change_parameter {index + 1}.{parameter.Name}");
                }

            case "insert_step":
                {
                    if (steps.Count >= 6)
                    {
                        return null;
                    }

                    var op = space.Operators[random.Next(space.Operators.Count)];
                    var position = random.Next(steps.Count + 1);
                    steps.Insert(position, SearchSpace.RandomStep(op, random));
                    return (recipe with { Steps = steps }, $"insert_step {position + 1} {op.Name}");
                }

            case "delete_step":
                {
                    if (steps.Count <= 1)
                    {
                        return null;
                    }

                    var position = random.Next(steps.Count);
                    var removed = steps[position].Op;
                    steps.RemoveAt(position);
                    return (recipe with { Steps = steps }, $"delete_step {position + 1} {removed}");
                }

            default:
                {
                    if (steps.Count <= 1)
                    {
                        return null;
                    }

                    var position = random.Next(steps.Count - 1);
                    (steps[position], steps[position + 1]) = (steps[position + 1], steps[position]);
                    return (recipe with { Steps = steps }, $"swap_steps {position + 1}");
                }
        }
    }

    private static object? Perturb(SpaceParameter parameter, object? current, DeterministicRandom random)
    {
        switch (parameter.Type)
        {
            case ParameterType.Int or ParameterType.Float:
                var unit = current is null ? random.NextDouble() : parameter.Normalise(Convert.ToDouble(current, System.Globalization.CultureInfo.InvariantCulture));
                return parameter.Value(unit + (0.15 * Gaussian(random)), random);
            case ParameterType.Bool:
                return current is bool b ? !b : random.Chance(0.5);
            case ParameterType.Weights:
                return PerturbWeights(parameter, current, random);
            default:
                return parameter.Value(random.NextDouble(), random);
        }
    }

    /// <summary>
    /// A local move of a mix, on one group, each kind a third of the time: drop a present group (unless it
    /// is the last), bring back a dropped one with a random weight, or give a present one's weight a
    /// Gaussian step (sd 0.25; also the fallback when the drawn kind cannot apply). Dropping is a move of
    /// its own because a step rarely reaches zero, and leaving a bad source out is often the edit that
    /// matters. Unset weights (the input's own proportions) start from equal ones.
    /// </summary>
    private static Dictionary<string, object?> PerturbWeights(SpaceParameter parameter, object? current, DeterministicRandom random)
    {
        var weights = SpaceParameter.ReadWeights(current);
        if (weights.Count == 0)
        {
            foreach (var group in parameter.Choices)
            {
                weights[group] = 0.5;
            }
        }

        var present = weights.Keys.ToList();
        var absent = parameter.Choices.Where(c => !weights.ContainsKey(c)).ToList();
        var move = random.Next(3);
        if (move == 0 && present.Count > 1)
        {
            weights.Remove(present[random.Next(present.Count)]);
        }
        else if (move == 1 && absent.Count > 0)
        {
            weights[absent[random.Next(absent.Count)]] = Math.Round(SpaceParameter.MinWeight + (random.NextDouble() * (1 - SpaceParameter.MinWeight)), 3);
        }
        else
        {
            var chosen = present[random.Next(present.Count)];
            weights[chosen] = Math.Round(Math.Clamp(weights[chosen] + (0.25 * Gaussian(random)), SpaceParameter.MinWeight, 1), 3);
        }

        return weights.ToDictionary(w => w.Key, w => (object?)w.Value, StringComparer.Ordinal);
    }

    private static double Gaussian(DeterministicRandom random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static int Draw(double[] weights, DeterministicRandom random)
    {
        var target = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }
}
