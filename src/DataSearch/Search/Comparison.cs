using System.Text.Json;
using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Randomness;
using DataSearch.Recipes;

namespace DataSearch.Search;

/// <summary>One method's results over the seeds of a comparison.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="PerSeed">Its final (best) objective per seed.</param>
/// <param name="Curves">Best-so-far objective after each evaluation, per seed (one point for one-shot baselines).</param>
/// <param name="Benchmarks">Per-benchmark scores of the final (best) subset, averaged over seeds.</param>
/// <param name="Rescored">
/// Per seed, the final subset's objective when trained again with a fresh fine-tuning seed
/// (<see cref="Comparison.RescoreSeedOffset"/>); null when not rescored.
/// </param>
public sealed record MethodResult(string Method, IReadOnlyList<double> PerSeed, IReadOnlyList<IReadOnlyList<double>> Curves, IReadOnlyDictionary<string, double> Benchmarks, IReadOnlyList<double>? Rescored = null)
{
    /// <summary>Mean over seeds.</summary>
    public double Mean => PerSeed.Average();

    /// <summary>Mean over seeds of <see cref="Rescored"/>, or null.</summary>
    public double? RescoredMean => Rescored is [_, ..] rescored ? rescored.Average() : null;

    /// <summary>Sample standard deviation over seeds (0 for one seed).</summary>
    public double StandardDeviation => PerSeed.Count < 2 ? 0 : Math.Sqrt(PerSeed.Sum(v => (v - Mean) * (v - Mean)) / (PerSeed.Count - 1));
}

/// <summary>
/// <c>datasearch compare</c>: the search against baselines with the same evaluator and budget, over
/// several seeds — random recipe search (random recipes, same budget), random top-k (a random subset of
/// the size the search's best had), each single operator at its catalog defaults, the full pool and,
/// when the world provides one, the oracle. Every method evaluates through one <see cref="EvaluationCache"/>
/// (<c>evaluations.jsonl</c>), so a subset two methods share is trained once, and a rerun resumes.
/// </summary>
public sealed class Comparison(SearchConfig config, RecipeContext context, SearchSpace space, IEvaluator evaluator, string folder, Action<string> log)
{
    /// <summary>The search's ablations: the same search with one part switched off, by name.</summary>
    public static readonly IReadOnlyDictionary<string, Func<SearchConfig, SearchConfig>> Ablations = new Dictionary<string, Func<SearchConfig, SearchConfig>>(StringComparer.Ordinal)
    {
        ["no_gp"] = c => c with { UseGp = false },
        ["no_state_vector"] = c => c with { UseStateVector = false },
        ["no_reseed"] = c => c with { Reseed = false },
        ["no_pool_probe"] = c => c with { PoolProbe = false }, // for a config that turns it on
        ["no_specialist_mix"] = c => c with { SpecialistMix = false },
        ["no_filter_probes"] = c => c with { FilterProbes = [] },
        ["greedy_rounds"] = c => c with { RoundChoice = RoundRanking.PredictedMean }, // a variant: rounds that only exploit
    };

    /// <summary>Whether <paramref name="method"/> is a baseline: any method but the search, its ablations and the oracle (which reads the hidden ground truth).</summary>
    public static bool IsBaseline(string method) =>
        method is not ("search" or "oracle") && !method.StartsWith("ablation:", StringComparison.Ordinal);

    /// <summary>Every method name <see cref="Baselines"/> may hold besides <c>single:OPERATOR</c> and <c>ablation:NAME</c>.</summary>
    public static readonly IReadOnlyList<string> BaselineNames = ["random_search", "best_single_source", "random_top_k", "full_pool", "oracle"];

    /// <summary>
    /// The baselines to run beside the search (<c>random_search</c>, <c>best_single_source</c>, <c>random_top_k</c>,
    /// <c>single:OPERATOR</c>, <c>full_pool</c>, <c>oracle</c>), and the ablations named <c>ablation:NAME</c>;
    /// null runs every baseline (and the ablations only with <see cref="RunAblations"/>).
    /// </summary>
    public IReadOnlyCollection<string>? Baselines { get; init; }

    /// <summary>
    /// Also run each of <see cref="Ablations"/> as a method <c>ablation:NAME</c> (its own search folder
    /// <c>search-NAME-seedN</c>; evaluations shared through the cache like every other method's).
    /// </summary>
    public bool RunAblations { get; init; }

    /// <summary>
    /// The names in <paramref name="methods"/> that name no method, each with what was expected
    /// (<paramref name="operators"/>: the single-operator baselines that can run).
    /// </summary>
    public static IReadOnlyList<string> UnknownMethods(IEnumerable<string> methods, IEnumerable<string> operators)
    {
        ArgumentNullException.ThrowIfNull(methods);
        var known = BaselineNames.Append("search").Concat(operators.Select(o => $"single:{o}")).Concat(Ablations.Keys.Select(a => $"ablation:{a}")).ToHashSet(StringComparer.Ordinal);
        return [.. methods.Where(m => !known.Contains(m))];
    }

    /// <summary>
    /// When set, every method's final subset is trained once more with the fine-tuning seed plus this
    /// offset, a seed no method chose by: a best-of-N method's score is biased upwards (the winner's
    /// curse) and a one-shot baseline's is not, so the rescored scores compare them fairly. A subset
    /// that several methods ended on is trained once. Null: no rescoring.
    /// </summary>
    public ulong? RescoreSeedOffset { get; init; }

    /// <summary>The cheap evaluator of a multi-fidelity search (<see cref="SearchConfig.Screening"/>), handed to every search method; null: single fidelity.</summary>
    public IEvaluator? Screening { get; init; }

    /// <summary>
    /// Other comparisons' <c>evaluations.jsonl</c> files whose evaluations may stand for this one's: made
    /// with the same data, model and evaluator (the caller checks their fingerprints). Read, never written;
    /// an evaluation taken from one is copied into this comparison's own file, which so keeps every
    /// evaluation its results rest on.
    /// </summary>
    public IReadOnlyList<string> Reuse { get; init; } = [];

    // Opened by Run; a search with parallel > 1 evaluates on several threads at once, all through it.
    private EvaluationCache? cache;
    private IProgress<ProgressReport>? baselineProgress;

    /// <summary>Runs every method for every seed; <paramref name="oracle"/> is the world's oracle subset, if any.</summary>
    public IReadOnlyList<MethodResult> Run(IReadOnlyList<ulong> seeds, int[]? oracle, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        Directory.CreateDirectory(folder);
        cache = EvaluationCache.Open(new SearchRunFolder(folder).EvaluationCache, Reuse, log);
        baselineProgress = progress;

        var curves = new Dictionary<string, List<IReadOnlyList<double>>>(StringComparer.Ordinal);
        var finals = new Dictionary<string, List<IReadOnlyDictionary<string, double>>>(StringComparer.Ordinal);
        var rescored = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var finalSubsets = new Dictionary<string, Selection?>(StringComparer.Ordinal);
        void Add(string method, IReadOnlyList<double> curve, IReadOnlyDictionary<string, double> scores, Selection? final)
        {
            if (!curves.TryGetValue(method, out var list))
            {
                curves[method] = list = [];
                finals[method] = [];
            }

            list.Add(curve);
            finals[method].Add(scores);
            finalSubsets[method] = final;
        }

        void AddOne(string method, Selection selection, ulong seed)
        {
            var evaluation = Evaluate(selection, seed, cancellation);
            Add(method, [evaluation.Objective], evaluation.Scores, selection);
        }

        SearchOutcome Search(string method, SearchConfig searchConfig, string subfolder)
        {
            var runFolder = Path.Combine(folder, subfolder);
            var outcome = new SearchController(searchConfig, context, space, new CachedEvaluator(this, evaluator), runFolder, log, screening: Screening).Run(progress, cancellation);
            // The best subset is read back from the run folder only when it is to be rescored.
            var best = RescoreSeedOffset is not null && outcome.Best is { } record ? Selection.Of(SubsetFile.Read(new SearchRunFolder(runFolder).Subset(record.SubsetHash), context.Pool)) : null;
            Add(method, SearchHistory.BestSoFar(outcome.Records), outcome.Best?.Scores ?? new Dictionary<string, double>(), best);
            return outcome;
        }

        // The final subsets of this seed's methods, trained again with a seed none of them chose by.
        void Rescore(ulong seed)
        {
            foreach (var (method, final) in finalSubsets)
            {
                if (final is not null && RescoreSeedOffset is { } offset)
                {
                    (rescored.TryGetValue(method, out var list) ? list : rescored[method] = []).Add(Evaluate(final, seed + offset, cancellation).Objective);
                }
            }

            finalSubsets.Clear();
        }

        foreach (var seed in seeds)
        {
            var seeded = config with { Seed = seed };
            var search = Search("search", seeded, $"search-seed{seed}");
            foreach (var (name, ablate) in Ablations.Where(a => RunAblations || Baselines?.Contains($"ablation:{a.Key}") == true))
            {
                Search($"ablation:{name}", ablate(seeded), $"search-{name}-seed{seed}");
            }

            if (Includes("random_search"))
            {
                var (randomCurve, randomBest) = RandomSearch(seeded, cancellation);
                Add("random_search", randomCurve, randomBest?.Evaluation.Scores ?? new Dictionary<string, double>(), randomBest?.Selection);
            }

            if (Includes("best_single_source") && BestSingleSource(seed, cancellation) is { Curve.Count: > 0 } single)
            {
                Add("best_single_source", single.Curve, single.Best!.Value.Evaluation.Scores, single.Best.Value.Selection);
            }

            if (Includes("random_top_k"))
            {
                var bestSize = search.Best?.SubsetSamples ?? context.Pool.Count / 2;
                AddOne("random_top_k", RandomSubset(bestSize, seed), seed);
            }

            foreach (var op in context.Registry.All.Where(o => o.IsSingleOperatorBaseline).Select(o => o.Name).Where(o => Includes($"single:{o}")))
            {
                if (Materialise(new Recipe(op, seed, [new RecipeStep(op, new Dictionary<string, object?>())])) is { } selection)
                {
                    AddOne($"single:{op}", selection, seed);
                }
            }

            if (Includes("full_pool"))
            {
                AddOne("full_pool", Selection.All(context.Pool.Count), seed);
            }

            if (oracle is not null && Includes("oracle"))
            {
                AddOne("oracle", Selection.Of(oracle), seed);
            }

            Rescore(seed);
            if (Reuse.Count > 0)
            {
                log($"reuse: {cache.Taken} evaluations taken from other comparisons so far (not trained again)");
            }

            // Written after every seed, so a long comparison stopped part-way keeps the seeds it finished.
            Write(seeds.TakeWhile(s => s != seed).Append(seed).ToList());
        }

        return Write(seeds);

        List<MethodResult> Write(IReadOnlyList<ulong> done)
        {
            // A method counts as rescored only when every seed's final subset was.
            var results = curves.Select(c => new MethodResult(c.Key, [.. c.Value.Select(v => v[^1])], c.Value, MeanScores(finals[c.Key]), rescored.TryGetValue(c.Key, out var again) && again.Count == c.Value.Count ? again : null)).ToList();
            AtomicFile.WriteAllText(new SearchRunFolder(folder).Comparison, JsonSerializer.Serialize(new
            {
                seeds = done,
                budget = config.MaxEvaluations,
                rescore_seed_offset = RescoreSeedOffset,
                methods = results.Select(r => new
                {
                    method = r.Method,
                    mean = Math.Round(r.Mean, 3),
                    std = Math.Round(r.StandardDeviation, 3),
                    per_seed = r.PerSeed,
                    rescored_mean = r.RescoredMean is { } m ? Math.Round(m, 3) : (double?)null,
                    rescored_per_seed = r.Rescored,
                    curves = r.Curves,
                    benchmarks = r.Benchmarks,
                }),
            }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return results;
        }
    }

    private bool Includes(string method) => Baselines is null || Baselines.Contains(method);

    /// <summary>Benchmark by benchmark, the mean over seeds that report it.</summary>
    private static Dictionary<string, double> MeanScores(List<IReadOnlyDictionary<string, double>> perSeed) =>
        perSeed.SelectMany(s => s).GroupBy(s => s.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Math.Round(g.Average(s => s.Value), 3), StringComparer.Ordinal);

    /// <summary>
    /// Each source alone (those with enough samples to train on), one evaluation each: the curve is the
    /// best so far, in source order, and the result the best source. On a pool whose search screened its
    /// sources these are the same subsets, so they come from the cache.
    /// </summary>
    private (List<double> Curve, (CachedEvaluation Evaluation, Selection Selection)? Best) BestSingleSource(ulong seed, CancellationToken cancellation)
    {
        var pool = context.Pool;
        var curve = new List<double>();
        (CachedEvaluation Evaluation, Selection Selection)? best = null;
        if (pool.SourceNames.Count < 2)
        {
            return (curve, best);
        }

        for (var source = 0; source < pool.SourceNames.Count; source++)
        {
            var indices = Enumerable.Range(0, pool.Count).Where(i => pool.GetSourceIndex(i) == source).ToArray();
            if (indices.Length < config.MinSubsetSamples)
            {
                log($"best single source: '{pool.SourceNames[source]}' has {indices.Length} samples, fewer than min_subset_samples; left out");
                continue;
            }

            var selection = Selection.Of(indices);
            var evaluation = Evaluate(selection, seed, cancellation);
            if (best is null || evaluation.Objective > best.Value.Evaluation.Objective)
            {
                best = (evaluation, selection);
            }

            curve.Add(best.Value.Evaluation.Objective);
        }

        return (curve, best);
    }

    private (List<double> Curve, (CachedEvaluation Evaluation, Selection Selection)? Best) RandomSearch(SearchConfig seeded, CancellationToken cancellation)
    {
        var random = new DeterministicRandom(seeded.Seed ^ 0xBA5E11AEUL);
        var proposer = new EditProposer(space);
        var curve = new List<double>();
        (CachedEvaluation Evaluation, Selection Selection)? best = null;
        for (var attempt = 0; curve.Count < seeded.MaxEvaluations && attempt < seeded.MaxEvaluations * 20; attempt++)
        {
            var recipe = proposer.RandomRecipe(1 + random.Next(4), seeded.Seed, random);
            if (Materialise(recipe) is { } selection && selection.Count >= seeded.MinSubsetSize(context.Pool.Count))
            {
                var evaluation = Evaluate(selection, seeded.Seed, cancellation);
                if (best is null || evaluation.Objective > best.Value.Evaluation.Objective)
                {
                    best = (evaluation, selection);
                }

                curve.Add(best.Value.Evaluation.Objective);
            }
        }

        return (curve, best);
    }

    private Selection RandomSubset(int size, ulong seed)
    {
        var indices = Enumerable.Range(0, context.Pool.Count).ToArray();
        new DeterministicRandom(seed ^ 0x70BCUL).Shuffle(indices);
        return Selection.Of(indices.Take(Math.Min(size, indices.Length)));
    }

    private Selection? Materialise(Recipe recipe)
    {
        try
        {
            return RecipeExecutor.Run(recipe, context).Selection;
        }
        catch (Exception e) when (e is InvalidRecipeException or RecipeStepException or ArgumentException)
        {
            return null;
        }
    }

    private CachedEvaluation Evaluate(Selection selection, ulong seed, CancellationToken cancellation)
    {
        var key = EvaluationCache.Key(selection.Hash(), seed);
        if (cache!.Find(key) is { } known)
        {
            return known;
        }

        // Evaluated outside the cache's lock, so parallel evaluations run at once.
        return cache.Add(key, evaluator.Evaluate(new EvaluationRequest(context.Pool, selection.ToArray(), seed), baselineProgress, cancellation));
    }

    /// <summary>Routes the search's evaluations through the shared cache, so baselines reuse them.</summary>
    private sealed class CachedEvaluator(Comparison owner, IEvaluator inner) : IEvaluator
    {
        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            var key = EvaluationCache.Key(SubsetHash.Of(request.Subset), request.Seed);
            if (owner.cache!.Find(key) is { } cached)
            {
                return new EvaluationResult(cached.ToScores(), cached.Objective, new EvaluationCost(0, 0, 0, 0, 0), ["reused a cached evaluation"]);
            }

            var result = inner.Evaluate(request, progress, cancellationToken);
            owner.cache.Add(key, result);
            return result;
        }
    }
}
