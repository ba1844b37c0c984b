namespace DataSearch.Recipes;

/// <summary>The outcome of a recipe: the selected samples and a trace of every step (branch steps included, in execution order).</summary>
public sealed record RecipeResult(Selection Selection, IReadOnlyList<StepTrace> Trace, double Milliseconds);
