using System.Globalization;
using DataSearch.Recipes;

namespace DataSearch.Search;

/// <summary>
/// A fixed-length numeric encoding of a recipe for the surrogate: per searchable operator, how often it
/// occurs and where (its first position, as a share of the recipe's length), and per numeric parameter
/// its first value normalised to [0, 1] within the search range (0 when the operator is absent, which
/// the count disambiguates), and per mix each group's share of its weights. The state vector of the
/// realised subset is appended by the controller.
/// </summary>
public sealed class RecipeFeatures
{
    private readonly SearchSpace space;

    /// <summary>Creates the encoding for a space.</summary>
    public RecipeFeatures(SearchSpace space) => this.space = space;

    /// <summary>The names of the features, in order.</summary>
    public IReadOnlyList<string> Names => [.. space.Operators.SelectMany(o => new[] { $"{o.Name}.count", $"{o.Name}.position" }
        .Concat(o.Parameters.Where(p => p.Type is ParameterType.Int or ParameterType.Float).Select(p => $"{o.Name}.{p.Name}"))
        .Concat(o.Parameters.Where(p => p.Type is ParameterType.Weights).SelectMany(p => p.Choices.Select(c => $"{o.Name}.{p.Name}.{c}"))))];

    /// <summary>The features of a recipe's top-level steps.</summary>
    public double[] Encode(Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var features = new List<double>();
        foreach (var op in space.Operators)
        {
            var positions = recipe.Steps.Select((s, i) => (s, i)).Where(p => p.s.Op == op.Name).ToList();
            features.Add(positions.Count);
            features.Add(positions.Count == 0 ? 0 : (positions[0].i + 1.0) / recipe.Steps.Count);
            foreach (var parameter in op.Parameters.Where(p => p.Type is ParameterType.Int or ParameterType.Float))
            {
                var value = positions.Count > 0 && positions[0].s.Params.TryGetValue(parameter.Name, out var raw) && raw is not null
                    ? Convert.ToDouble(raw, CultureInfo.InvariantCulture)
                    : double.NaN;
                features.Add(double.IsNaN(value) ? 0 : parameter.Normalise(value));
            }

            // A mix: each group's share of the weights (0 when dropped; unset weights keep the input's
            // proportions, which the state vector describes, so they encode as all zeros).
            foreach (var parameter in op.Parameters.Where(p => p.Type is ParameterType.Weights))
            {
                var weights = positions.Count > 0 ? SpaceParameter.ReadWeights(positions[0].s.Params.GetValueOrDefault(parameter.Name)) : new SortedDictionary<string, double>(StringComparer.Ordinal);
                var total = weights.Values.Sum();
                features.AddRange(parameter.Choices.Select(c => total > 0 ? weights.GetValueOrDefault(c) / total : 0));
            }
        }

        return [.. features];
    }
}
