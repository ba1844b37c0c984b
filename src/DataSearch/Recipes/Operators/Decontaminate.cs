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
    public override string Description => "Remove samples sharing a word n-gram (default 13) with any benchmark question; short questions must match a whole instruction.";

    /// <inheritdoc />
    public override OperatorKind Kind => OperatorKind.Filter;

    /// <inheritdoc />
    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        new("ngram", ParameterType.Int, "Words per n-gram.", 13L, 3, 50),
        new("min_ngram", ParameterType.Int, "Benchmark items shorter than ngram but at least this long are matched as one shorter n-gram.", 8L, 1, 50),
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
        var index = context.Recipe.Memo(
            $"decontaminate:{n}:{minimum}:{string.Join(',', benchmarks.Select(b => b.Name))}",
            () => NgramIndex.Build(benchmarks, n, minimum));
        var pool = context.Recipe.Pool;
        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var matches = new List<Dictionary<string, string>>();
        var total = 0;
        var kept = input.Where(i =>
        {
            var benchmark = index.Match(SampleText.Instruction(pool, i), SampleText.Full(pool, i));
            if (benchmark is null)
            {
                return true;
            }

            removed[benchmark] = removed.GetValueOrDefault(benchmark) + 1;
            total++;
            if (matches.Count < ReportedMatches)
            {
                matches.Add(new Dictionary<string, string> { ["sample_id"] = pool.GetSampleId(i), ["benchmark"] = benchmark });
            }

            return false;
        });
        context.Report("removed", total);
        context.Report("removed_per_benchmark", removed);
        context.Report("first_matches", matches);
        return kept;
    }

    /// <summary>Hashed n-grams of benchmark items, and the whole-instruction hashes of short items.</summary>
    private sealed class NgramIndex
    {
        private readonly Dictionary<ulong, string> ngrams = [];
        private readonly Dictionary<ulong, string> wholeItems = [];
        private readonly SortedSet<int> lengths = [];

        public static NgramIndex Build(IReadOnlyList<Signals.TargetSet> benchmarks, int n, int minimum)
        {
            var index = new NgramIndex();
            foreach (var benchmark in benchmarks)
            {
                foreach (var text in benchmark.Texts)
                {
                    var words = WordTokens.Split(text);
                    if (words.Count < minimum)
                    {
                        index.wholeItems.TryAdd(Hash(words, 0, words.Count), benchmark.Name);
                        continue;
                    }

                    var length = Math.Min(n, words.Count);
                    index.lengths.Add(length);
                    for (var start = 0; start + length <= words.Count; start++)
                    {
                        index.ngrams.TryAdd(Hash(words, start, length) ^ (ulong)length, benchmark.Name);
                    }
                }
            }

            return index;
        }

        public string? Match(string instruction, string full)
        {
            if (wholeItems.Count > 0)
            {
                var instructionWords = WordTokens.Split(instruction);
                if (wholeItems.TryGetValue(Hash(instructionWords, 0, instructionWords.Count), out var whole))
                {
                    return whole;
                }
            }

            if (ngrams.Count == 0)
            {
                return null;
            }

            var words = WordTokens.Split(full);
            foreach (var length in lengths)
            {
                for (var start = 0; start + length <= words.Count; start++)
                {
                    if (ngrams.TryGetValue(Hash(words, start, length) ^ (ulong)length, out var benchmark))
                    {
                        return benchmark;
                    }
                }
            }

            return null;
        }

        private static ulong Hash(List<string> words, int start, int length)
        {
            var h = 0xCBF29CE484222325UL;
            for (var i = start; i < start + length; i++)
            {
                foreach (var c in words[i])
                {
                    h = (h ^ c) * 0x100000001B3UL;
                }

                h = (h ^ 0x1F) * 0x100000001B3UL;
            }

            return h;
        }
    }
}
