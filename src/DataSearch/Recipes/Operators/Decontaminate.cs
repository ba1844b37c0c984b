using DataSearch.Text;

namespace DataSearch.Recipes.Operators;

/// <summary>
/// <c>decontaminate</c>: drops samples that overlap a benchmark's questions. A sample overlaps when it
/// shares a word n-gram (default 13 words, the GPT-3 convention) with a benchmark item; an item shorter
/// than n words counts as one n-gram of its own length when it has at least <c>min_ngram</c> words, and
/// shorter items (e.g. "rev lante") match only a sample whose whole instruction has the same words. The
/// trace reports how many samples each benchmark removed and the first matches.
/// </summary>
public sealed class Decontaminate : RecipeOperator
{
    private const int ReportedMatches = 20;

    /// <inheritdoc />
    public override string Name => "decontaminate";

    /// <inheritdoc />
    public override bool NeedsBenchmarks => true;

    /// <inheritdoc />
    public override string Description => "Remove samples sharing a word n-gram (default 13) with any benchmark question; short questions must match a whole instruction.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("ngram", ParameterType.Int, "Words per n-gram.", (long)ContaminationIndex.DefaultNgram, 3, 50),
        new("min_ngram", ParameterType.Int, "Benchmark items shorter than ngram but at least this long are matched as one shorter n-gram.", (long)ContaminationIndex.DefaultMinimum, 1, 50),
        new("benchmarks", ParameterType.StringList, "Benchmarks to check against; unset means all known.", null),
    ];

    /// <inheritdoc />
    public override IEnumerable<(string Parameter, string Message)> CheckArguments(OperatorArguments arguments)
    {
        if (arguments.Int("min_ngram") > arguments.Int("ngram"))
        {
            yield return ("min_ngram", $"min_ngram ({arguments.Int("min_ngram")}) exceeds ngram ({arguments.Int("ngram")})");
        }
    }

    /// <inheritdoc />
    public override Selection Apply(Selection input, OperatorArguments arguments, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var known = context.Recipe.Benchmarks;
        if (known.Count == 0)
        {
            throw new ArgumentException("no benchmark question sets are known: pass --benchmarks DIR (a world folder provides them)");
        }

        var named = arguments.Strings("benchmarks");
        var missing = named.Where(n => known.All(b => b.Name != n)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"unknown benchmark(s) {string.Join(", ", missing)}; known: {string.Join(", ", known.Select(b => b.Name))}");
        }

        var benchmarks = known.Where(b => named.Count == 0 || named.Contains(b.Name)).ToList();
        var n = arguments.Int("ngram");
        var minimum = arguments.Int("min_ngram");
        // Which benchmark each pool sample overlaps (null: none), computed once per context for the whole
        // pool in parallel, so that a search re-running this step pays only a lookup per sample.
        var pool = context.Recipe.Pool;
        var matches = context.Recipe.Memo(
            $"decontaminate:{n}:{minimum}:{string.Join(',', benchmarks.Select(b => b.Name))}",
            () => ContaminationIndex.Build(benchmarks, n, minimum).MatchAll(pool, context.Recipe.Cancellation));
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var reported = new List<Dictionary<string, string>>();
        var total = 0;
        var kept = input.Where(i =>
        {
            if (matches[i] is not { } benchmark)
            {
                return true;
            }

            removed[benchmark] = removed.GetValueOrDefault(benchmark) + 1;
            total++;
            if (reported.Count < ReportedMatches)
            {
                reported.Add(new Dictionary<string, string> { ["sample_id"] = pool.GetSampleId(i), ["benchmark"] = benchmark });
            }

            return false;
        });
        context.Report("removed", total);
        context.Report("removed_per_benchmark", removed);
        context.Report("first_matches", reported);
        return kept;
    }
}
