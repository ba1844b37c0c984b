using DataSearch.Errors;

namespace DataSearch.Recipes;

/// <summary>A step failed while running; names the step, its operator and the cause.</summary>
public sealed class RecipeStepException(string? file, string path, string op, Exception inner)
    : DataSearchException($"{file ?? "recipe"}: step {path} ({op}) failed: {inner.Message}", inner)
{
    /// <summary>The step's path.</summary>
    public string StepPath { get; } = path;
}
