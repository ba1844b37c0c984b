using DataSearch.Signals;

namespace DataSearch.Recipes;

/// <summary>
/// Checks a recipe against the registry (and, when given, the signals of a pool) and binds each step's
/// arguments. Every problem is reported, not only the first.
/// </summary>
public static class RecipeValidator
{
    /// <summary>All problems of <paramref name="recipe"/>; empty when it can run.</summary>
    public static IReadOnlyList<RecipeProblem> Validate(Recipe recipe, OperatorRegistry registry, SignalSet? signals = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var problems = new List<RecipeProblem>();
        if (recipe.Steps.Count == 0)
        {
            problems.Add(new RecipeProblem(recipe.Path, 0, null, null, null, "a recipe needs at least one step"));
        }

        ValidateSteps(recipe.Steps, string.Empty, recipe.Path, registry, signals, problems);
        return problems;
    }

    /// <summary>Throws <see cref="InvalidRecipeException"/> when <see cref="Validate"/> finds problems.</summary>
    public static void ThrowIfInvalid(Recipe recipe, OperatorRegistry registry, SignalSet? signals = null)
    {
        var problems = Validate(recipe, registry, signals);
        if (problems.Count > 0)
        {
            throw new InvalidRecipeException(problems);
        }
    }

    /// <summary>Binds one step's raw parameters to its operator's specs.</summary>
    public static (OperatorArguments? Arguments, IReadOnlyList<RecipeProblem> Problems) Bind(RecipeStep step, RecipeOperator op, string path, string? file)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(op);
        var problems = new List<RecipeProblem>();
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in step.Params.Keys.Where(k => op.Parameters.All(p => p.Name != k)).Order(StringComparer.Ordinal))
        {
            var known = string.Join(", ", op.Parameters.Select(p => p.Name));
            problems.Add(new RecipeProblem(file, step.LineOf(name), path, op.Name, name, $"unknown parameter (this operator takes: {(known.Length == 0 ? "none" : known)})"));
        }

        foreach (var spec in op.Parameters)
        {
            var given = step.Params.TryGetValue(spec.Name, out var raw);
            var (value, error) = spec.Convert(given ? raw : spec.Default);
            if (error is not null)
            {
                problems.Add(new RecipeProblem(file, step.LineOf(spec.Name), path, op.Name, spec.Name, error));
            }

            values[spec.Name] = value;
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var arguments = new OperatorArguments(values);
        foreach (var (parameter, message) in op.CheckArguments(arguments))
        {
            problems.Add(new RecipeProblem(file, step.LineOf(parameter), path, op.Name, parameter, message));
        }

        return problems.Count > 0 ? (null, problems) : (arguments, problems);
    }

    /// <summary>Whether a required signal exists; a name ending in <c>*</c> asks for at least one column with that prefix.</summary>
    public static bool Available(SignalSet signals, string signal) =>
        signal.EndsWith('*') ? signals.WithPrefix(signal[..^1]).Count > 0
        : signal.StartsWith("vectors:", StringComparison.Ordinal) ? signals.Vectors(signal["vectors:".Length..]) is not null
        : signals.Contains(signal);

    private static void ValidateSteps(IReadOnlyList<RecipeStep> steps, string prefix, string? file, OperatorRegistry registry, SignalSet? signals, List<RecipeProblem> problems)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var path = $"{prefix}{i + 1}";
            if (!registry.TryGet(step.Op, out var op))
            {
                var closest = registry.Closest(step.Op);
                problems.Add(new RecipeProblem(file, step.Line, path, step.Op, null,
                    $"unknown operator '{step.Op}'{(closest is null ? string.Empty : $" (did you mean '{closest}'?)")}; `datasearch operators list` shows them all"));
                continue;
            }

            var (arguments, bindProblems) = Bind(step, op, path, file);
            problems.AddRange(bindProblems);
            if (arguments is null)
            {
                continue;
            }

            if (signals is not null)
            {
                foreach (var signal in op.RequiredSignals(arguments).Distinct().Where(s => !Available(signals, s)))
                {
                    problems.Add(new RecipeProblem(file, step.Line, path, op.Name, null, $"needs signal '{signal}', which has not been computed for this pool; run `datasearch signals compute`"));
                }
            }

            var branches = arguments.Values.Values.OfType<IReadOnlyList<IReadOnlyList<RecipeStep>>>().FirstOrDefault() ?? [];
            for (var b = 0; b < branches.Count; b++)
            {
                if (branches[b].Count == 0)
                {
                    problems.Add(new RecipeProblem(file, step.LineOf("branches"), $"{path}.branches[{b + 1}]", op.Name, "branches", "a branch needs at least one step"));
                }

                ValidateSteps(branches[b], $"{path}.branches[{b + 1}].", file, registry, signals, problems);
            }
        }
    }
}
