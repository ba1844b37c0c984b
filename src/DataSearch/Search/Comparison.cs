using System.Text.Json;
using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Progress;
using DataSearch.Recipes;
using DataSearch.World;

namespace DataSearch.Search;

/// <summary>One method's results over the seeds of a comparison.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="PerSeed">Its final (best) objective per seed.</param>
/// <param name="Curves">Best-so-far objective after each evaluation, per seed (one point for one-shot baselines).</param>
public sealed record MethodResult(string Method, IReadOnlyList<double> PerSeed, IReadOnlyList<IReadOnlyList<double>> Curves)
{
    /// <summary>Mean over seeds.</summary>
    public double Mean => PerSeed.Average();

    /// <summary>Sample standard deviation over seeds (0 for one seed).</summary>
    public double StandardDeviation => PerSeed.Count < 2 ? 0 : Math.Sqrt(PerSeed.Sum(v => (v - Mean) * (v - Mean)) / (PerSeed.Count - 1));
}

/// <summary>
/// <c>datasearch compare</c>: the search against baselines with the same evaluator and budget, over
/// several seeds — random recipe search (random recipes, same budget), random top-k (a random subset of
/// the size the search's best had), each single operator at its catalog defaults, the full pool and,
/// when the world provides one, the oracle. Evaluations are cached by (subset hash, seed) across methods
/// in <c>evaluations.jsonl</c>, so a subset two methods share is trained once, and a rerun resumes.
/// </summary>
public sealed class Comparison(SearchConfig config, RecipeContext context, SearchSpace space, IEvaluator evaluator, string folder, Action<string> log)
{
    /// <summary>The single operators compared at their defaults (those the pool's signals allow).</summary>
    public static readonly IReadOnlyList<string> SingleOperators = ["ifd_filter", "mona_filter", "varentropy_filter", "quality_filter", "semantic_dedup"];

    private readonly Dictionary<string, double> cache = [];

    /// <summary>Runs every method for every seed; <paramref name="oracle"/> is the world's oracle subset, if any.</summary>
    public IReadOnlyList<MethodResult> Run(IReadOnlyList<ulong> seeds, int[]? oracle, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        Directory.CreateDirectory(folder);
        LoadCache();
        var curves = new Dictionary<string, List<IReadOnlyList<double>>>(StringComparer.Ordinal);
        void Add(string method, IReadOnlyList<double> curve)
        {
            if (!curves.TryGetValue(method, out var list))
            {
                curves[method] = list = [];
            }

            list.Add(curve);
        }

        foreach (var seed in seeds)
        {
            var seeded = config with { Seed = seed };
            var search = new SearchController(seeded, context, space, new CachedEvaluator(this, evaluator), Path.Combine(folder, $"search-seed{seed}"), log).Run(progress, cancellation);
            Add("search", BestSoFar(search.Records));
            Add("random_search", RandomSearch(seeded, cancellation));
            var bestSize = search.Best?.SubsetSamples ?? context.Pool.Count / 2;
            Add("random_top_k", [Evaluate(RandomSubset(bestSize, seed), seed, cancellation)]);
            foreach (var op in SingleOperators.Where(o => space.Find(o) is not null || context.Registry.TryGet(o, out _)))
            {
                if (Materialise(new Recipe(op, seed, [new RecipeStep(op, new Dictionary<string, object?>())])) is { } selection)
                {
                    Add($"single:{op}", [Evaluate(selection, seed, cancellation)]);
                }
            }

            Add("full_pool", [Evaluate(Selection.All(context.Pool.Count), seed, cancellation)]);
            if (oracle is not null)
            {
                Add("oracle", [Evaluate(Selection.Of(oracle), seed, cancellation)]);
            }
        }

        var results = curves.Select(c => new MethodResult(c.Key, [.. c.Value.Select(v => v[^1])], c.Value)).ToList();
        AtomicFile.WriteAllText(Path.Combine(folder, "compare.json"), JsonSerializer.Serialize(new
        {
            seeds,
            budget = config.MaxEvaluations,
            methods = results.Select(r => new { method = r.Method, mean = Math.Round(r.Mean, 3), std = Math.Round(r.StandardDeviation, 3), per_seed = r.PerSeed, curves = r.Curves }),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        return results;
    }

    private static List<double> BestSoFar(IEnumerable<SearchRecord> records)
    {
        var curve = new List<double>();
        var best = double.NegativeInfinity;
        foreach (var record in records.Where(r => r.Objective is not null))
        {
            best = Math.Max(best, record.Objective!.Value);
            curve.Add(best);
        }

        return curve;
    }

    private List<double> RandomSearch(SearchConfig seeded, CancellationToken cancellation)
    {
        var random = new DeterministicRandom(seeded.Seed ^ 0xBA5E11AEUL);
        var proposer = new EditProposer(space);
        var curve = new List<double>();
        var best = double.NegativeInfinity;
        for (var attempt = 0; curve.Count < seeded.MaxEvaluations && attempt < seeded.MaxEvaluations * 20; attempt++)
        {
            var recipe = proposer.RandomRecipe(1 + random.Next(4), seeded.Seed, random);
            if (Materialise(recipe) is { } selection && selection.Count >= Math.Max(seeded.MinSubsetSamples, seeded.MinSubsetFraction * context.Pool.Count))
            {
                best = Math.Max(best, Evaluate(selection, seeded.Seed, cancellation));
                curve.Add(best);
            }
        }

        return curve;
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

    private double Evaluate(Selection selection, ulong seed, CancellationToken cancellation) =>
        Evaluate(selection.ToArray(), selection.Hash(), seed, evaluator, cancellation);

    private double Evaluate(int[] subset, string hash, ulong seed, IEvaluator inner, CancellationToken cancellation)
    {
        var key = $"{hash}:{seed}";
        if (!cache.TryGetValue(key, out var objective))
        {
            objective = inner.Evaluate(new EvaluationRequest(context.Pool, subset, seed), null, cancellation).Objective;
            cache[key] = objective;
            var line = JsonSerializer.Serialize(new { key, objective }) + "\n";
            using var stream = new FileStream(Path.Combine(folder, "evaluations.jsonl"), FileMode.Append, FileAccess.Write);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }

        return objective;
    }

    private void LoadCache()
    {
        var path = Path.Combine(folder, "evaluations.jsonl");
        if (!File.Exists(path))
        {
            return;
        }

        foreach (var line in File.ReadLines(path))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                cache[document.RootElement.GetProperty("key").GetString()!] = document.RootElement.GetProperty("objective").GetDouble();
            }
            catch (JsonException)
            {
                // A torn last line from a kill: that evaluation is simply redone.
            }
        }
    }

    /// <summary>Routes the search's evaluations through the shared cache, so baselines reuse them.</summary>
    private sealed class CachedEvaluator(Comparison owner, IEvaluator inner) : IEvaluator
    {
        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
        {
            var key = $"{Selection.Of(request.Subset).Hash()}:{request.Seed}";
            if (owner.cache.TryGetValue(key, out var cached))
            {
                return new EvaluationResult([], cached, new EvaluationCost(0, 0, 0, 0, 0), ["reused a cached evaluation"]);
            }

            var result = inner.Evaluate(request, progress, cancellationToken);
            owner.Evaluate([.. request.Subset], Selection.Of(request.Subset).Hash(), request.Seed, new Fixed(result), cancellationToken);
            return result;
        }
    }

    private sealed class Fixed(EvaluationResult result) : IEvaluator
    {
        public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default) => result;
    }
}
