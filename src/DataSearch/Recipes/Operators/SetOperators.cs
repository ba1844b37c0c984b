using DataSearch.Pool;

namespace DataSearch.Recipes.Operators;

/// <summary>
/// <c>union</c>: the samples chosen by any branch (each branch runs on this step's input), optionally
/// with the input itself and/or a previously saved subset (<c>source_recipe</c>: an <c>.ids</c> file or a
/// recipe-run folder holding <c>subset.ids</c>).
/// </summary>
public sealed class UnionOperator : RecipeOperator
{
    /// <inheritdoc />
    public override string Name => "union";

    /// <inheritdoc />
    public override string Description => "Merge the outputs of sub-recipes (branches, each run on this step's input), a saved subset (source_recipe) and, optionally, the input itself.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Recombine;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("branches", ParameterType.Branches, "Sub-recipes, each a list of steps.", null),
        new("source_recipe", ParameterType.String, "A saved subset to merge: an .ids file, or a `recipe run` output folder (its subset.ids).", null),
        new("include_input", ParameterType.Bool, "Also keep every sample of this step's input.", false),
    ];

    /// <inheritdoc />
    public override IEnumerable<(string Parameter, string Message)> CheckArguments(OperatorArguments arguments)
    {
        if (!arguments.Has("branches") && !arguments.Has("source_recipe"))
        {
            yield return ("branches", "union needs branches, a source_recipe, or both");
        }
    }

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var result = arguments.Bool("include_input") ? input : Selection.Empty;
        var branches = arguments.Branches("branches");
        for (var b = 0; b < branches.Count; b++)
        {
            result = result.Union(context.RunBranch(branches[b], input, b + 1));
        }

        if (arguments.StringOrNull("source_recipe") is { } source)
        {
            var path = Path.Combine(context.Recipe.BaseFolder, source);
            if (Directory.Exists(path))
            {
                path = Path.Combine(path, "subset.ids");
            }

            var saved = Selection.FromSorted(SubsetFile.Read(path, context.Recipe.Pool));
            context.Report("source_recipe_samples", saved.Count);
            result = result.Union(saved);
        }

        return result;
    }
}

/// <summary>
/// A recombination that runs each branch on this step's input and folds the branch outputs into the
/// input one by one with <see cref="Combine"/>.
/// </summary>
public abstract class BranchFold : RecipeOperator
{
    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Recombine;

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var result = input;
        var branches = arguments.Branches("branches");
        for (var b = 0; b < branches.Count; b++)
        {
            result = Combine(result, context.RunBranch(branches[b], input, b + 1));
        }

        return result;
    }

    /// <summary>The result so far combined with one branch's output.</summary>
    protected abstract Selection Combine(Selection result, Selection branch);
}

/// <summary><c>intersection</c>: the samples every branch chooses.</summary>
public sealed class IntersectionOperator : BranchFold
{
    /// <inheritdoc />
    public override string Name => "intersection";

    /// <inheritdoc />
    public override string Description => "Keep the samples that every branch (each run on this step's input) keeps.";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
        [new("branches", ParameterType.Branches, "Sub-recipes, each a list of steps.", Required: true)];

    /// <inheritdoc />
    protected override Selection Combine(Selection result, Selection branch) => result.Intersect(branch);
}

/// <summary><c>difference</c>: the input minus what any branch chooses.</summary>
public sealed class DifferenceOperator : BranchFold
{
    /// <inheritdoc />
    public override string Name => "difference";

    /// <inheritdoc />
    public override string Description => "Drop from the input every sample that any branch (each run on this step's input) keeps.";

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
        [new("branches", ParameterType.Branches, "Sub-recipes whose outputs are removed.", Required: true)];

    /// <inheritdoc />
    protected override Selection Combine(Selection result, Selection branch) => result.Except(branch);
}
