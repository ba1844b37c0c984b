namespace DataSearch.Recipes;

/// <summary>One thing wrong with a recipe, located as precisely as the recipe allows.</summary>
/// <param name="File">The recipe file, or null for recipes built in code.</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Step">The step's path: <c>2</c> for the second step, <c>3.branches[1].1</c> inside a branch; null for the whole recipe.</param>
/// <param name="Op">The step's operator, when known.</param>
/// <param name="Parameter">The parameter, when the problem is one.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record RecipeProblem(string? File, int Line, string? Step, string? Op, string? Parameter, string Message)
{
    /// <summary><c>recipe.yaml:12: step 2 (ifd_filter), parameter 'fraction': 1.5 is out of range [0.05, 1]</c>.</summary>
    public override string ToString()
    {
        var where = File is null ? "recipe" : Line > 0 ? $"{File}:{Line}" : File;
        var step = Step is null ? string.Empty : $" step {Step}{(Op is null ? string.Empty : $" ({Op})")}";
        var parameter = Parameter is null ? string.Empty : $"{(step.Length > 0 ? "," : string.Empty)} parameter '{Parameter}'";
        return step.Length + parameter.Length == 0 ? $"{where}: {Message}" : $"{where}:{step}{parameter}: {Message}";
    }
}
