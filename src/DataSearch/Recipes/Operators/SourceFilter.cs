namespace DataSearch.Recipes.Operators;

/// <summary><c>source_filter</c>: keeps or drops samples by source name.</summary>
public sealed class SourceFilter : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "source_filter";

    /// <inheritdoc />
    public override string Description => "Keep only the listed sources (include) and/or drop the listed ones (exclude).";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("include", ParameterType.StringList, "Sources to keep; unset keeps all.", null),
        new("exclude", ParameterType.StringList, "Sources to drop.", null, Domain: SearchDomain.SourcesLeftOut),
    ];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var pool = context.Recipe.Pool;
        var known = pool.SourceNames.ToHashSet(StringComparer.Ordinal);
        var unknown = arguments.Strings("include").Concat(arguments.Strings("exclude")).Where(s => !known.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown source(s) {string.Join(", ", unknown)}; this pool has {string.Join(", ", pool.SourceNames)}");
        }

        var include = arguments.Strings("include");
        var keep = new bool[pool.SourceNames.Count];
        for (var s = 0; s < keep.Length; s++)
        {
            keep[s] = (include.Count == 0 || include.Contains(pool.SourceNames[s])) && !arguments.Strings("exclude").Contains(pool.SourceNames[s]);
        }

        return input.Where(i => keep[pool.GetSourceIndex(i)]);
    }
}
