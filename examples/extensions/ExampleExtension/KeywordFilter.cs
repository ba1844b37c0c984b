using DataSearch.Recipes;
using DataSearch.Text;

namespace ExampleExtension;

/// <summary><c>keyword_filter</c>: keeps (or drops) samples whose instruction mentions any of the given words.</summary>
public sealed class KeywordFilter : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "keyword_filter";

    /// <inheritdoc />
    public override string Description => "Keep samples whose instruction contains any of the keywords (case-insensitive, whole words); drop them instead with exclude: true.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("keywords", ParameterType.StringList, "Words to look for.", Required: true),
        new("exclude", ParameterType.Bool, "Drop the matching samples instead of keeping them.", false),
    ];

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var keywords = arguments.Strings("keywords").Select(k => k.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var exclude = arguments.Bool("exclude");
        var pool = context.Recipe.Pool;
        return input.Where(i => WordTokens.Split(SampleText.Instruction(pool, i)).Any(keywords.Contains) != exclude);
    }
}
