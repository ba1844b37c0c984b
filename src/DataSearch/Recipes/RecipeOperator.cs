namespace DataSearch.Recipes;

/// <summary>
/// An operator: a named, versioned, pure function from a selection to a selection, with typed
/// parameters. Deterministic: the same input, arguments, signals and seed give the same output.
/// Subclasses are stateless; one instance serves every step.
/// </summary>
public abstract class RecipeOperator
{
    /// <summary>The name used in recipes.</summary>
    public abstract string Name { get; }

    /// <summary>The implementation's version, recorded in traces; bump it when outputs change.</summary>
    public virtual int Version => 1;

    /// <summary>What the operator does, in one line.</summary>
    public abstract string Description { get; }

    /// <summary>The kind of operator.</summary>
    public abstract OperatorKind Kind { get; }

    /// <summary>The parameters.</summary>
    public abstract IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>Whether the operator needs the target benchmarks' questions (the search leaves it out when none are known).</summary>
    public virtual bool NeedsBenchmarks => false;

    /// <summary>Whether <c>compare</c> runs this operator alone, at its defaults, as a baseline (a filter whose defaults are a sensible selection).</summary>
    public virtual bool IsSingleOperatorBaseline => false;

    /// <summary>The signal columns this operator reads with these arguments; checked before a recipe runs.</summary>
    public virtual IEnumerable<string> RequiredSignals(OperatorArguments arguments) => [];

    /// <summary>
    /// Checks relations between arguments that single ranges cannot express (e.g. min ≤ max); returns
    /// one message per problem, naming the parameter first.
    /// </summary>
    public virtual IEnumerable<(string Parameter, string Message)> CheckArguments(OperatorArguments arguments) => [];

    /// <summary>Applies the operator.</summary>
    public abstract Selection Apply(Selection input, OperatorArguments arguments, StepContext context);
}
