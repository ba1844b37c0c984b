using DataSearch.Errors;

namespace DataSearch.Recipes;

/// <summary>A recipe that cannot run; carries every problem found, each with its file, line, step and parameter.</summary>
public sealed class InvalidRecipeException(IReadOnlyList<RecipeProblem> problems)
    : DataSearchException(problems.Count == 1 ? problems[0].ToString() : $"{problems.Count} problems in the recipe:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
{
    /// <summary>The problems, in file order.</summary>
    public IReadOnlyList<RecipeProblem> Problems { get; } = problems;
}
