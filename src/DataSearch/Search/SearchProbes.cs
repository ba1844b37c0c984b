using System.Globalization;
using DataSearch.Pool;
using DataSearch.Randomness;
using DataSearch.Recipes;
using DataSearch.Recipes.Operators;

namespace DataSearch.Search;

/// <summary>
/// What a search evaluates before its rounds of edits, all decided from the config, the pool and the log
/// (so a resumed run decides the same): source screening (each source alone; with
/// <see cref="SearchConfig.PoolProbe"/> the whole pool too), the Latin-hypercube warm-up over the
/// template's parameters, the specialist mix (<see cref="SearchConfig.SpecialistMix"/>) and the filter
/// probes (<see cref="SearchConfig.FilterProbes"/>). <see cref="SearchController"/> evaluates them.
/// </summary>
internal sealed class SearchProbes(SearchConfig config, RecipeContext context, SearchSpace space, Func<Proposal, MaterialisedCandidate?> materialise, Action<string> log)
{
    /// <summary>Hypercube points per warm-up probe: a probe whose subset is too small tries the next one.</summary>
    private const int WarmupAlternatives = 4;

    // Uniform random points tried after the hypercube's alternatives, before a warm-up probe is given up.
    private const int WarmupFallbacks = 16;

    private readonly HashSet<string> announced = new(StringComparer.Ordinal);

    /// <summary>
    /// The probes between the warm-up and the rounds of edits that fill this turn's <paramref name="slots"/>:
    /// the specialist mix when it is due, then filter probes, each subset once; empty when none is left.
    /// In a parallel search they go out together, so a filter probe there extends the best recipe before
    /// the specialist mix beside it is scored (with one slot, after it). <paramref name="history"/> is the
    /// search's records in the order they were chosen (by id).
    /// </summary>
    public List<MaterialisedCandidate> BeforeRounds(IReadOnlyList<SearchRecord> history, HashSet<string> logged, int slots)
    {
        var probes = new List<MaterialisedCandidate>();
        var taken = new HashSet<string>(logged, StringComparer.Ordinal);
        if (SpecialistProbe(history, logged) is { } specialists)
        {
            probes.Add(specialists);
            taken.Add(specialists.Selection.Hash());
        }

        probes.AddRange(FilterProbes(history, taken, slots - probes.Count));
        return probes;
    }

    /// <summary>
    /// The first round's candidate with <see cref="SearchConfig.SpecialistMix"/>: the mix of the sources
    /// that screening found best on each optimised benchmark, when it is more than one source and not yet
    /// evaluated. Decided from the log alone, so a resumed run decides the same.
    /// </summary>
    private MaterialisedCandidate? SpecialistProbe(IReadOnlyList<SearchRecord> history, HashSet<string> logged)
    {
        if (!config.SpecialistMix || history.Any(r => r.Round > 0) || SourceMix(TemplateSteps()) is not ({ } mix, { } sourceWeights))
        {
            return null;
        }

        var screened = history.Where(r => r.Source == ProposalOrigin.Screening && r.Objective is not null && r.Scores is not null)
            .Select(r => (Record: r, Source: ScreenedAlone(r, sourceWeights.Name)))
            .Where(s => s.Source is not null)
            .Select(s => new ScreenedSource(s.Source!, s.Record.Objective!.Value, s.Record.Scores!)).ToList();
        var benchmarks = history.FirstOrDefault(r => r.OptimisedBenchmarks is not null)?.OptimisedBenchmarks
            ?? [.. screened.SelectMany(s => s.Scores.Keys).Distinct()];
        if (SpecialistMix.Weights(screened, benchmarks) is not { } weights)
        {
            return null;
        }

        var invariant = CultureInfo.InvariantCulture;
        var edit = $"mix the per-benchmark specialists: {string.Join(", ", weights.Select(w => $"{w.Key} {w.Value.ToString("0.###", invariant)}"))}";
        var recipe = new Recipe("specialists", config.Seed, [new RecipeStep(mix.Name, new Dictionary<string, object?>(StringComparer.Ordinal) { [sourceWeights.Name] = weights.ToDictionary(w => w.Key, w => (object?)w.Value, StringComparer.Ordinal) })]);
        var probe = materialise(new Proposal(recipe, null, edit) { Origin = ProposalOrigin.Specialists });
        if (probe is null)
        {
            LogOnce($"{edit}: left out, it selects too few samples to train on");
            return null;
        }

        return logged.Contains(probe.Selection.Hash()) ? null : probe;
    }

    /// <summary>
    /// Up to <paramref name="count"/> probes of <see cref="SearchConfig.FilterProbes"/>, before the first
    /// round of edits: the best recipe so far with the next filters it does not hold appended at their
    /// defaults, each one's subset new. Decided from the log alone, so a resumed run decides the same.
    /// </summary>
    private List<MaterialisedCandidate> FilterProbes(IReadOnlyList<SearchRecord> history, HashSet<string> taken, int count)
    {
        var probes = new List<MaterialisedCandidate>();
        if (count <= 0 || config.FilterProbes.Length == 0 || SearchHistory.Best(history) is not { } best
            || history.Any(r => r.Source is not (ProposalOrigin.Screening or ProposalOrigin.Warmup or ProposalOrigin.Specialists or ProposalOrigin.Filter)))
        {
            return probes;
        }

        var parent = RecipeReader.Parse(best.Recipe.GetRawText());
        foreach (var name in config.FilterProbes.Where(name => space.Find(name) is not null && !parent.Steps.Any(step => step.Op == name)))
        {
            var recipe = parent with { Steps = [.. parent.Steps, new RecipeStep(name, new Dictionary<string, object?>(StringComparer.Ordinal))] };
            var edit = $"append {name} at its defaults";
            if (materialise(new Proposal(recipe, best.Id, edit) { Origin = ProposalOrigin.Filter }) is not { } probe)
            {
                LogOnce($"filter probe on {best.Id} ({edit}): left out, it selects too few samples to train on or cannot run there");
            }
            else if (taken.Add(probe.Selection.Hash()))
            {
                probes.Add(probe);
                if (probes.Count == count)
                {
                    break;
                }
            }
        }

        return probes;
    }

    // The probes are decided afresh at every turn until the rounds begin: a decision to leave one out is logged once.
    private void LogOnce(string line)
    {
        if (announced.Add(line))
        {
            log(line);
        }
    }

    /// <summary>The source a screening record trained on alone (weight 1 in its mix; a topped-up source's helpers weigh less), or null (the whole-pool probe).</summary>
    private static string? ScreenedAlone(SearchRecord record, string sourceWeights)
    {
        var step = RecipeReader.Parse(record.Recipe.GetRawText()).Steps.FirstOrDefault();
        var full = step is null ? [] : SpaceParameter.ReadWeights(step.Params.GetValueOrDefault(sourceWeights)).Where(w => w.Value == 1.0).ToList();
        return full.Count == 1 ? full[0].Key : null;
    }

    /// <summary>The template's source mix and its source-weights parameter, or nulls when the template mixes no sources.</summary>
    private static (SpaceOperator? Mix, SpaceParameter? SourceWeights) SourceMix(List<(SpaceOperator Op, int Index)> template) =>
        template.Select(t => (t.Op, Weights: t.Op.Parameters.FirstOrDefault(p => p.Domain == SearchDomain.SourceWeights))).FirstOrDefault(m => m.Weights is not null);

    /// <summary>The template's operators that can run on this pool, in order.</summary>
    public List<(SpaceOperator Op, int Index)> TemplateSteps() =>
        [.. config.Template.Select(name => space.Find(name)).OfType<SpaceOperator>().Select((op, i) => (op, i))];

    /// <summary>
    /// The warm-up in order: the screening probes, then the hypercube's, each subset once (a hypercube
    /// probe that selects too little at every point, or repeats an earlier probe, is left out and logged).
    /// </summary>
    /// <returns>Each probe with the number of hypercube points tried for it (1 for a screening probe).</returns>
    public List<(MaterialisedCandidate Probe, int Tried)> WarmupPlan(List<(SpaceOperator Op, int Index)> template)
    {
        var plan = ScreeningProbes(template).Select(probe => (Probe: probe, Tried: 1)).ToList();
        var points = LatinHypercube.Sample(config.NLhsSeeds * WarmupAlternatives, template.Sum(s => s.Op.Parameters.Sum(p => p.Dimensions)), new DeterministicRandom(config.Seed ^ 0x1A5EEDUL));
        for (var index = 0; index < config.NLhsSeeds; index++)
        {
            var (probe, tried) = Warmup(template, points, index);
            if (probe is null || plan.Exists(p => p.Probe.Selection.Hash() == probe.Selection.Hash()))
            {
                log($"warm-up probe {index + 1} of {config.NLhsSeeds} left out: {(probe is null ? "no point tried selected enough samples to train on" : "its subset is an earlier probe's")}");
                continue;
            }

            plan.Add((probe, tried));
        }

        return plan;
    }

    /// <summary>
    /// One probe per source of the template's mix, each source alone (all of its samples), when
    /// <see cref="SearchConfig.SourceScreening"/> asks for it. A few sources can differ by tens of points
    /// (one clean source among scraped ones); random mixes rarely isolate the best one, and on the
    /// built-in world the hypercube's probes all started below the full pool. A source too small to train
    /// on alone is screened topped up: all of its samples, plus just enough drawn from the other sources
    /// (in proportion to their sizes) to reach the smallest subset the search trains on. Skipping it
    /// instead left it out of every mix on the real pool (Alpaca, 5,000 samples, beside a 6,766 minimum).
    /// </summary>
    private List<MaterialisedCandidate> ScreeningProbes(List<(SpaceOperator Op, int Index)> template)
    {
        var (mix, sourceWeights) = SourceMix(template);
        if (config.SourceScreening == "off" || mix is null || sourceWeights is null)
        {
            return [];
        }

        var sources = sourceWeights.Choices;
        if (config.SourceScreening == "auto" && (sources.Count * 2 > config.MaxEvaluations || sources.Count + config.NLhsSeeds >= config.MaxEvaluations))
        {
            return [];
        }

        var sizes = Mixing.Sizes(Mixing.Groups(context.Pool, Selection.All(context.Pool.Count), Mixing.GroupBy.Source));
        var probes = new List<MaterialisedCandidate>();
        foreach (var source in sources)
        {
            var alone = sizes.GetValueOrDefault(source) >= MinSubsetSize;
            var weights = alone ? new Dictionary<string, double>(StringComparer.Ordinal) { [source] = 1.0 } : ToppedUpWeights(source, sizes, MinSubsetSize);
            var edit = alone ? $"screen {source}" : $"screen {source} topped up";
            var recipe = new Recipe($"screen-{source}", config.Seed, [new RecipeStep(mix.Name, new Dictionary<string, object?>(StringComparer.Ordinal) { [sourceWeights.Name] = weights.ToDictionary(w => w.Key, w => (object?)w.Value, StringComparer.Ordinal) })]);
            if (materialise(new Proposal(recipe, null, edit) { Origin = ProposalOrigin.Screening }) is { } probe)
            {
                probes.Add(probe);
                if (!alone)
                {
                    log($"source screening: '{source}' alone has {sizes.GetValueOrDefault(source):N0} samples, fewer than the {Math.Ceiling(MinSubsetSize):N0} the search trains on; screened with all of them, topped up to {probe.Selection.Count:N0} from the other sources");
                }
            }
            else
            {
                log($"source screening: '{source}' cannot be screened (too few samples in the whole pool)");
            }
        }

        // The whole pool last: every source at its own share, which is the mix's whole pool. Only with
        // a round left after it, so a tiny budget keeps its one round of edits.
        if (config.PoolProbe && probes.Count + 1 + config.NLhsSeeds < config.MaxEvaluations && sizes.Count > 1)
        {
            var total = (double)sizes.Values.Sum();
            var shares = sizes.Where(s => s.Value > 0).ToDictionary(s => s.Key, s => (object?)(s.Value / total), StringComparer.Ordinal);
            var recipe = new Recipe("screen-whole-pool", config.Seed, [new RecipeStep(mix.Name, new Dictionary<string, object?>(StringComparer.Ordinal) { [sourceWeights.Name] = shares })]);
            if (materialise(new Proposal(recipe, null, WholePoolEdit) { Origin = ProposalOrigin.Screening }) is { } whole
                && probes.TrueForAll(p => p.Selection.Hash() != whole.Selection.Hash()))
            {
                probes.Add(whole);
            }
        }

        return probes;
    }

    private double MinSubsetSize => config.MinSubsetSize(context.Pool.Count);

    /// <summary>The edit of the whole-pool probe (<see cref="SearchConfig.PoolProbe"/>).</summary>
    public const string WholePoolEdit = "screen the whole pool";

    /// <summary>
    /// Mix weights that select all of <paramref name="source"/> and fill up to just over <paramref name="minimum"/>
    /// from the other sources in proportion to their sizes. The mix's largest exactly proportional total
    /// is size(source)·(1 + c·rest) for weight 1 on the source and c·size on each other, which gives c.
    /// </summary>
    public static Dictionary<string, double> ToppedUpWeights(string source, IReadOnlyDictionary<string, int> sizes, double minimum)
    {
        var own = sizes.GetValueOrDefault(source);
        var rest = sizes.Where(s => s.Key != source).Sum(s => (double)s.Value);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal) { [source] = 1.0 };
        if (own == 0 || rest == 0)
        {
            return weights;
        }

        // One sample over the minimum keeps the mix's floor above it.
        var perSample = Math.Min(1.0 / own, (Math.Floor(minimum) + 1 - own) / own / rest);
        foreach (var (other, size) in sizes.Where(s => s.Key != source && s.Value > 0))
        {
            weights[other] = perSample * size;
        }

        return weights;
    }

    private (MaterialisedCandidate? Chosen, int Tried) Warmup(List<(SpaceOperator Op, int Index)> template, double[][] points, int index)
    {
        if (template.Count == 0)
        {
            throw new Errors.InvalidConfigurationException("search config", [$"template: none of {string.Join(", ", config.Template)} can run on this pool (missing signals?)"]);
        }

        // The hypercube holds WarmupAlternatives × n_lhs_seeds points; probe i uses the strata of points
        // i, i + n, i + 2n, … in turn until one selects enough samples to be worth training. When none
        // does, uniform random points follow: a probe lost to a small subset would cost the warm-up a
        // third or a quarter of its coverage (it happened on the built-in world), and trying more
        // points costs only materialisation.
        var fallback = new DeterministicRandom(config.Seed ^ ((ulong)index * 0x9E3779B97F4A7C15UL) ^ 0xFA11BACCUL);
        for (var alternative = 0; alternative < WarmupAlternatives + WarmupFallbacks; alternative++)
        {
            var point = alternative < WarmupAlternatives
                ? points[index + (alternative * config.NLhsSeeds)]
                : [.. Enumerable.Range(0, points[0].Length).Select(_ => fallback.NextDouble())];
            var random = new DeterministicRandom(config.Seed + (ulong)index + (ulong)(alternative * 7919));
            var dimension = 0;
            var steps = new List<RecipeStep>();
            foreach (var (op, _) in template)
            {
                var values = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var parameter in op.Parameters)
                {
                    var units = point.AsSpan(dimension, parameter.Dimensions);
                    dimension += parameter.Dimensions;
                    if (parameter.Type == ParameterType.Weights)
                    {
                        // Every group's share has its own strata (a group may be dropped); never left unset.
                        values[parameter.Name] = parameter.Value(units, random);
                    }
                    else if (!parameter.Optional || units[0] > 0.5)
                    {
                        values[parameter.Name] = parameter.Value(parameter.Optional ? (units[0] - 0.5) * 2 : units[0], random);
                    }
                }

                steps.Add(new RecipeStep(op.Name, values));
            }

            var edit = alternative == 0 ? "lhs" : alternative < WarmupAlternatives ? $"lhs (alternative {alternative})" : $"lhs (random fallback {alternative - WarmupAlternatives + 1})";
            var proposal = new Proposal(new Recipe($"lhs-{index + 1}", config.Seed, steps), null, edit) { Origin = ProposalOrigin.Warmup };
            if (materialise(proposal) is { } chosen)
            {
                return (chosen, alternative + 1);
            }
        }

        return (null, WarmupAlternatives + WarmupFallbacks);
    }
}
