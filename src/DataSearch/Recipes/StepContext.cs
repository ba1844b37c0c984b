using DataSearch.Randomness;
using DataSearch.Signals;

namespace DataSearch.Recipes;

/// <summary>
/// The context of one step: the recipe context, the step's path, its seed, a place for the operator
/// to record details in the trace, and a way to run branches.
/// </summary>
public sealed class StepContext
{
    private readonly Func<IReadOnlyList<RecipeStep>, Selection, string, Selection> runBranch;
    private readonly Dictionary<string, object?> details = new(StringComparer.Ordinal);

    internal StepContext(RecipeContext recipe, string path, ulong seed, Func<IReadOnlyList<RecipeStep>, Selection, string, Selection> runBranch)
    {
        Recipe = recipe;
        Path = path;
        Seed = seed;
        this.runBranch = runBranch;
    }

    /// <summary>The recipe context.</summary>
    public RecipeContext Recipe { get; }

    /// <summary>The pool's signals.</summary>
    public SignalSet Signals => Recipe.Signals;

    /// <summary>The step's path (<c>2</c>, <c>3.branches[1].1</c>).</summary>
    public string Path { get; }

    /// <summary>The seed for this step when its arguments give none: derived from the recipe seed and the path.</summary>
    public ulong Seed { get; }

    /// <summary>Details the operator reported (counts per source, removed matches, …), written to the trace.</summary>
    public IReadOnlyDictionary<string, object?> Details => details;

    /// <summary>A random source for this step: from the <c>seed</c> argument when given, else <see cref="Seed"/>.</summary>
    public DeterministicRandom Random(OperatorArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return new DeterministicRandom(arguments.Values.ContainsKey("seed") && arguments.Has("seed") ? (ulong)arguments.Int("seed") : Seed);
    }

    /// <summary>Records a detail for the trace.</summary>
    public void Report(string key, object? value) => details[key] = value;

    /// <summary>Runs branch number <paramref name="number"/> (1-based) on <paramref name="input"/>.</summary>
    public Selection RunBranch(IReadOnlyList<RecipeStep> steps, Selection input, int number) =>
        runBranch(steps, input, $"{Path}.branches[{number}].");
}
