namespace DataSearch.Acquisition.Optimizers;

/// <summary>
/// A trajectory written against the task rather than for it: the trajectory language, where a string
/// argument may be one of four references — <c>"$names"</c> (the call is repeated for each name the
/// analysis found), <c>"$failed"</c> (repeated for each failed probe), <c>"$instruction"</c> and
/// <c>"$category"</c> (replaced by the task's). The embedded optimizer writes these, so a small model
/// learns which calls pay for which kind of task without copying long strings byte by byte.
/// </summary>
public static class TrajectoryTemplate
{
    /// <summary>The references, as written inside quotes.</summary>
    public static IReadOnlyList<string> References { get; } = ["$names", "$failed", "$instruction", "$category"];

    /// <summary>
    /// The concrete trajectory <paramref name="template"/> stands for with <paramref name="input"/>'s task,
    /// as text; malformed templates come back unchanged (the executor charges and reports them).
    /// </summary>
    public static string Expand(string template, OptimizerInput input)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(input);
        if (TrajectoryParser.TryParse(template, out _) is not { } parsed)
        {
            return template;
        }

        var calls = new List<ApiCall>();
        foreach (var call in parsed.Calls)
        {
            var reference = call.Arguments.Select(a => a.Text).FirstOrDefault(t => t is not null && References.Contains(t));
            IReadOnlyList<string> values = reference switch
            {
                "$names" => input.Analysis.Entities,
                "$failed" => input.Analysis.FailedProbes,
                "$instruction" => [input.Instruction],
                "$category" => [input.Category],
                _ => [],
            };
            if (reference is null)
            {
                calls.Add(call);
                continue;
            }

            foreach (var value in values)
            {
                calls.Add(call with { Arguments = [.. call.Arguments.Select(a => a.Text == reference ? ApiArgument.Of(value) : a)] });
            }
        }

        return new Trajectory(calls).ToString();
    }

    /// <summary>The template of each heuristic plan, by the plan's label (what the embedded optimizer starts from).</summary>
    public static IReadOnlyDictionary<string, string> ForPlans(OptimizerInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var templates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var plan in HeuristicOptimizer.PlansFor(input).Keys)
        {
            var number = plan.Contains('=', StringComparison.Ordinal) ? plan[(plan.IndexOf('=', StringComparison.Ordinal) + 1)..] : string.Empty;
            templates[plan] = plan.Split(':')[0] switch
            {
                "retrieve_each" => $"retrieve(\"$names\", {number})",
                "retrieve_instruction" => $"retrieve(\"$instruction\", {number})",
                "demonstrate" => $"demonstrate(\"$category\", {number})",
                "answer_failed" => "answer(\"$failed\")",
                "demonstrate_answer" => $"demonstrate(\"$category\", {number}); answer(\"$failed\")",
                _ => string.Empty,
            };
        }

        return templates;
    }
}
