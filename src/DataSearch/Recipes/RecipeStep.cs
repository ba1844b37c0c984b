namespace DataSearch.Recipes;

/// <summary>
/// One step of a recipe: an operator name and its raw parameters (long, double, bool, string, lists,
/// maps, or branches of steps). <see cref="Line"/> and <see cref="ParameterLines"/> point into the recipe
/// file for error messages; they are 0 / empty for steps built in code.
/// </summary>
/// <param name="Op">The operator name.</param>
/// <param name="Params">Raw parameter values by name.</param>
/// <param name="Line">1-based line of the step in its file, or 0.</param>
/// <param name="ParameterLines">1-based line of each parameter, when known.</param>
public sealed record RecipeStep(string Op, IReadOnlyDictionary<string, object?> Params, int Line = 0, IReadOnlyDictionary<string, int>? ParameterLines = null)
{
    /// <summary>A step built in code.</summary>
    public static RecipeStep Of(string op, params (string Name, object? Value)[] parameters) =>
        new(op, parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal));

    /// <summary>The line of a parameter, or the step's line.</summary>
    public int LineOf(string parameter) => ParameterLines is not null && ParameterLines.TryGetValue(parameter, out var line) ? line : Line;
}
