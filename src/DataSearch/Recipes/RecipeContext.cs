using System.Collections.Concurrent;
using DataSearch.Pool;
using DataSearch.Signals;

namespace DataSearch.Recipes;

/// <summary>
/// What a recipe runs against: the pool, its signals, the registry, the seed, the benchmark texts that
/// decontamination checks, and hooks. A context may be reused for many recipes (the search does so);
/// expensive derived data (e.g. MinHash clusters under non-default settings) is memoised in it.
/// </summary>
public sealed class RecipeContext
{
    private readonly ConcurrentDictionary<string, Lazy<object>> memo = new(StringComparer.Ordinal);

    /// <summary>Creates a context.</summary>
    public RecipeContext(SamplePool pool, SignalSet signals, OperatorRegistry registry)
    {
        Pool = pool;
        Signals = signals;
        Registry = registry;
    }

    /// <summary>The pool.</summary>
    public SamplePool Pool { get; }

    /// <summary>The pool's signals.</summary>
    public SignalSet Signals { get; }

    /// <summary>The operators.</summary>
    public OperatorRegistry Registry { get; }

    /// <summary>Benchmark question sets that <c>decontaminate</c> checks against (empty: none known).</summary>
    public IReadOnlyList<TargetSet> Benchmarks { get; init; } = [];

    /// <summary>Folder that relative paths in recipes (e.g. <c>source_recipe</c>) resolve against.</summary>
    public string BaseFolder { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Observers of recipe execution.</summary>
    public IReadOnlyList<IRecipeHook> Hooks { get; init; } = [];

    /// <summary>Cancels long steps.</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>Returns the memoised value for <paramref name="key"/>, computing it once.</summary>
    public T Memo<T>(string key, Func<T> compute)
        where T : class =>
        (T)memo.GetOrAdd(key, _ => new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
}
