using DataSearch.Extensions;

namespace ExampleExtension;

/// <summary>Registers the example's operator, hook, feature and catalog entry.</summary>
public sealed class Extension : IDataSearchExtension
{
    /// <inheritdoc />
    public void Register(ExtensionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.AddOperator(new KeywordFilter());
        context.AddHook(new StepLogHook());
        context.AddFeatures(new QuestionMarks());
        context.PatchCatalog("""
            families:
              custom:
                operators:
                  keyword_filter:
                    description: "Keep (or drop, with exclude) samples whose instruction mentions any keyword."
                    params:
                      keywords: {type: "list[str]", required: true, search: false, description: "Words to look for."}
                      exclude: {type: bool, default: "false", description: "Drop matches instead of keeping them."}
            """);
    }
}
