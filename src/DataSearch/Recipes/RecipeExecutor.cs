using System.Diagnostics;
using System.IO.Hashing;
using System.Text;

namespace DataSearch.Recipes;

/// <summary>
/// Runs recipes: validates the whole recipe first (so nothing runs when any step is wrong), then applies
/// the steps in order, tracing each and calling hooks. Each step's default seed is derived from the
/// recipe seed and the step's path, so inserting a step elsewhere does not reseed an unrelated one.
/// </summary>
public static class RecipeExecutor
{
    /// <summary>Runs <paramref name="recipe"/> on the whole pool, or on <paramref name="input"/> when given.</summary>
    /// <exception cref="InvalidRecipeException">The recipe does not validate against the registry and signals.</exception>
    /// <exception cref="RecipeStepException">A step failed.</exception>
    public static RecipeResult Run(Recipe recipe, RecipeContext context, Selection? input = null)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(context);
        RecipeValidator.ThrowIfInvalid(recipe, context.Registry, context.Signals);
        var watch = Stopwatch.StartNew();
        var start = input ?? Selection.All(context.Pool.Count);
        foreach (var hook in context.Hooks)
        {
            hook.BeforeRecipe(recipe, start);
        }

        var trace = new List<StepTrace>();
        var selection = RunSteps(recipe, recipe.Steps, start, string.Empty, context, trace);
        var result = new RecipeResult(selection, trace, watch.Elapsed.TotalMilliseconds);
        foreach (var hook in context.Hooks)
        {
            hook.AfterRecipe(recipe, result);
        }

        return result;
    }

    private static Selection RunSteps(Recipe recipe, IReadOnlyList<RecipeStep> steps, Selection input, string prefix, RecipeContext context, List<StepTrace> trace)
    {
        var selection = input;
        for (var i = 0; i < steps.Count; i++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var step = steps[i];
            var path = $"{prefix}{i + 1}";
            context.Registry.TryGet(step.Op, out var op);
            var (arguments, _) = RecipeValidator.Bind(step, op, path, recipe.Path);
            var stepContext = new StepContext(context, path, StepSeed(recipe.Seed ?? 0, path), (branch, branchInput, branchPrefix) => RunSteps(recipe, branch, branchInput, branchPrefix, context, trace));
            foreach (var hook in context.Hooks)
            {
                hook.BeforeStep(path, step, selection);
            }

            var watch = Stopwatch.StartNew();
            Selection output;
            try
            {
                output = op.Apply(selection, arguments!, stepContext);
            }
            catch (Exception e) when (e is not OperationCanceledException and not RecipeStepException)
            {
                foreach (var hook in context.Hooks)
                {
                    hook.OnStepError(path, step, e);
                }

                throw new RecipeStepException(recipe.Path, path, op.Name, e);
            }

            var stepTrace = new StepTrace(path, op.Name, op.Version, arguments!.Values.Where(v => v.Value is not IReadOnlyList<IReadOnlyList<RecipeStep>>).ToDictionary(), selection.Count, output.Count, watch.Elapsed.TotalMilliseconds, output.Hash(), stepContext.Details);
            trace.Add(stepTrace);
            foreach (var hook in context.Hooks)
            {
                hook.AfterStep(stepTrace);
            }

            selection = output;
        }

        return selection;
    }

    private static ulong StepSeed(ulong seed, string path) => XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(path), unchecked((long)seed));
}
