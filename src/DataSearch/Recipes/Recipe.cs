namespace DataSearch.Recipes;

/// <summary>An ordered list of operator steps, with an optional name and seed.</summary>
/// <param name="Name">A label for logs and reports.</param>
/// <param name="Seed">Seed for stochastic steps that give none; null means 0.</param>
/// <param name="Steps">The steps, applied in order.</param>
/// <param name="Path">The file it was read from, or null.</param>
public sealed record Recipe(string? Name, ulong? Seed, IReadOnlyList<RecipeStep> Steps, string? Path = null);
