using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Randomness;
using DataSearch.Recipes;
using DataSearch.Recipes.Operators;
using SearchLog = DataSearch.IO.JsonLinesFile<DataSearch.Search.SearchRecord>;

namespace DataSearch.Search;

/// <summary>How a search ended.</summary>
public sealed record SearchOutcome(IReadOnlyList<SearchRecord> Records, SearchRecord? Best, string StopReason);

/// <summary>
/// The budgeted recipe search. Warm-up: one probe per source alone when screening
/// (<see cref="SearchConfig.SourceScreening"/>; with <see cref="SearchConfig.PoolProbe"/> one of the whole pool too), then <see cref="SearchConfig.NLhsSeeds"/> Latin-hypercube
/// probes over the template recipe's parameters. With <see cref="SearchConfig.SpecialistMix"/> the first
/// round trains the mix of the sources that screening found best on each benchmark; each filter of
/// <see cref="SearchConfig.FilterProbes"/> is then tried on the best probe. Then each round proposes <see cref="SearchConfig.CandidatesPerRound"/>
/// local edits of the best recipes, materialises them (recipe run + state vector), drops those too small,
/// invalid or already evaluated (same subset hash), ranks the rest by expected improvement under a
/// Gaussian process fitted to recipe features and state vectors, and evaluates the best. After
/// <see cref="SearchConfig.StagnationPatience"/> rounds without a new best it reseeds: one round of
/// random recipes and edits of a non-leading record, whose lineage then serves as parents for the next
/// rounds. With an LLM endpoint, the Action agent's proposals join the heuristic ones before ranking.
/// Failed evaluations are logged with their error, never scored, and not counted. Everything is
/// derived from the seed and the log, so <c>--resume</c> continues exactly where a killed run stopped.
/// </summary>
public sealed class SearchController(
    SearchConfig config,
    RecipeContext context,
    SearchSpace space,
    IEvaluator evaluator,
    string runFolder,
    Action<string> log,
    LlmProposer? agent = null,
    FeedbackAgent? feedback = null,
    SelectionAgent? selection = null,
    IEvaluator? screening = null)
{
    /// <summary>Candidates asked of the LLM agent per round (its proposals join the heuristic ones).</summary>
    private const int AgentCandidates = 8;

    private const RecordStatus Failed = RecordStatus.Failed;

    private readonly RecipeFeatures features = new(space);
    private readonly SearchRunFolder files = new(runFolder);
    private readonly EditProposer proposer = new(space);
    private SearchProbes? probes;
    private readonly Screener? screener = screening is null || config.Screening is null
        ? null
        : new Screener(screening, config.Screening, new SearchRunFolder(runFolder).ScreeningLog);

    /// <summary>The run folder's log file.</summary>
    public string LogPath => files.Log;

    /// <summary>Runs (or resumes) the search until the budget is spent.</summary>
    public SearchOutcome Run(IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        if (context.Pool.Count < config.MinSubsetSamples)
        {
            throw new UsageException($"min_subset_samples: {config.MinSubsetSamples:N0} is more than the pool's {context.Pool.Count:N0} samples, so no subset could ever be evaluated; lower it");
        }

        foreach (var folder in files.Folders)
        {
            Directory.CreateDirectory(folder);
        }

        var searchLog = SearchLog.Open(LogPath);
        if (searchLog.Records.Count > 0)
        {
            log($"resuming: {searchLog.Records.Count} records, {Completed(searchLog)} completed evaluations");
        }

        var template = Probes.TemplateSteps();
        if (searchLog.Records.Count == 0 && template.Count < config.Template.Length)
        {
            log($"warning: template operators that cannot run on this pool are left out of the warm-up: {string.Join(", ", config.Template.Where(name => space.Find(name) is null))}");
        }

        // The warm-up is planned whole: a run resumed after its rounds began does not go back to it.
        List<Choice> plan = searchLog.Records.Any(r => r.Round > 0) ? [] : [.. Probes.WarmupPlan(template).Select(p => new Choice(p.Probe, null, p.Tried))];
        var failures = searchLog.Records.Count(r => r.Status == Failed && r.RecipeHash.Length > 0);
        var emptyRounds = 0;
        while (Completed(searchLog) < config.MaxEvaluations)
        {
            cancellation.ThrowIfCancellationRequested();
            progress?.Report(new ProgressReport("search", Completed(searchLog), config.MaxEvaluations, "evaluations", BestSoFar(searchLog)));
            var slots = Math.Max(1, Math.Min(config.Parallel, config.MaxEvaluations - Completed(searchLog)));

            // A probe is done when its subset is in the log: the probes of a batch finish in any order, so a
            // run killed mid-batch may hold a later probe and not an earlier one.
            var logged = searchLog.Records.Select(r => r.SubsetHash).ToHashSet(StringComparer.Ordinal);
            var (batch, chosen, entries) = Unfinished(searchLog.Records, logged, slots) ?? default;
            if (batch is null)
            {
                var watch = Stopwatch.StartNew();
                var pending = plan.Where(choice => !logged.Contains(choice.Candidate.Selection.Hash())).ToList();
                // Every decision reads the records in the order they were chosen, not finished (parallel batches).
                var history = SearchHistory.InChosenOrder(searchLog.Records);
                int round;
                var probing = true;
                if (pending.Count > 0)
                {
                    // Warm-up probes do not depend on each other's scores: up to `slots` of them at once.
                    (chosen, round) = ([.. pending.Take(slots)], 0);
                }
                else if (Probes.BeforeRounds(history, logged, slots) is { Count: > 0 } probed)
                {
                    (chosen, round) = ([.. probed.Select(probe => new Choice(probe, null, 1))], NextRound(history));
                }
                else
                {
                    (chosen, round) = Round(history, slots, cancellation);
                    probing = false;
                }

                // With a cheap evaluator, the probes chosen without the surrogate (warm-up, specialist mix, filter
                // probes) are scored by both, so that the line from cheap to full objective (FidelityFusion) is
                // known from the first round on; a round's candidates were screened when they were chosen.
                if (probing && Screens(round))
                {
                    chosen = [.. chosen.Select(choice => choice with { Screened = screener!.Screen(context, choice.Candidate.Selection, config.Seed, round, cancellation) })];
                }

                if (chosen.Count == 0)
                {
                    if (++emptyRounds >= 5)
                    {
                        return Finish(searchLog, "no new subset in five rounds: the reachable space is exhausted");
                    }

                    // Logged (status failed, no recipe) so that the round counter, and with it the round's
                    // random stream, moves on — also after a resume.
                    searchLog.Append(Placeholder(searchLog, round));
                    continue;
                }

                // Written before any evaluation starts, so that a stop mid-batch resumes this batch.
                var first = NextNumber(searchLog);
                var leader = Best(searchLog)?.Objective ?? double.NegativeInfinity;
                var budgetLeft = config.MaxEvaluations - Completed(searchLog) - chosen.Count;
                batch = new SearchBatch(round, leader, budgetLeft / chosen.Count, Math.Round(watch.Elapsed.TotalSeconds, 3),
                    [.. chosen.Select((choice, k) => Entry($"e{first + k:D3}", choice))]);
                entries = [.. batch.Entries];
                SearchBatch.Write(files.Batch, batch);
            }

            emptyRounds = 0;
            var gate = new Lock();

            // One evaluation runs here; several (`parallel`) run at once, each appended as soon as it finishes.
            ForEachAtOnce(chosen.Count, k =>
            {
                var (choice, entry) = (chosen[k], entries[k]);
                var record = Evaluate(entry.Id, choice.Candidate, batch.Round, choice.Predicted, batch.RoundSeconds, choice.Candidates, batch.Leader, batch.BudgetLeftEach, progress, cancellation) with { Screened = choice.Screened };
                lock (gate)
                {
                    searchLog.Append(record);
                    WriteTree(searchLog);
                    failures += record.Status == Failed ? 1 : 0;
                    var best = Best(searchLog);
                    log($"{record.Id} round {record.Round} {record.Edit}: {(record.Objective is { } o ? $"{o:0.0}" : $"failed ({record.Error})")} on {record.SubsetSamples:N0} samples; best {best?.Objective:0.0} ({best?.Id})");
                }
            });

            // Done when every member is in the log (a resume with fewer slots finishes it over several passes).
            var finished = searchLog.Records.Select(r => r.SubsetHash).ToHashSet(StringComparer.Ordinal);
            if (batch.Entries.All(e => finished.Contains(e.SubsetHash)))
            {
                File.Delete(files.Batch);
            }

            if (failures >= Math.Max(3, config.MaxEvaluations))
            {
                return Finish(searchLog, $"{failures} evaluations failed; stopping");
            }
        }

        progress?.Report(new ProgressReport("search", Completed(searchLog), config.MaxEvaluations, "evaluations", BestSoFar(searchLog)));
        return Finish(searchLog, "budget spent");
    }

    /// <summary>Runs <paramref name="body"/> for 0 … count − 1, all at once; the first failure (a cancellation first) is rethrown as itself.</summary>
    private static void ForEachAtOnce(int count, Action<int> body)
    {
        if (count == 1)
        {
            body(0);
            return;
        }

        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = count }, body);
        }
        catch (AggregateException e)
        {
            var inner = e.Flatten().InnerExceptions;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner.FirstOrDefault(x => x is OperationCanceledException) ?? inner[0]);
        }
    }

    /// <summary>A candidate chosen for evaluation, with the surrogate's prediction and how many candidates it was chosen from.</summary>
    private sealed record Choice(MaterialisedCandidate Candidate, double[]? Predicted, int Candidates, double? Screened = null);

    /// <summary>A chosen evaluation as <c>batch.json</c> keeps it.</summary>
    private static SearchBatch.Entry Entry(string id, Choice choice)
    {
        var proposal = choice.Candidate.Proposal;
        var recipe = JsonDocument.Parse(RecipeJson.Write(proposal.Recipe with { Name = null }, indented: false)).RootElement.Clone();
        return new SearchBatch.Entry(id, recipe, proposal.Parent, proposal.Edit, proposal.Origin, proposal.Kind, proposal.Reseed,
            choice.Candidate.Selection.Hash(), choice.Predicted, choice.Candidates, choice.Screened);
    }

    /// <summary>
    /// The evaluations of <c>batch.json</c> that are not in the log yet (a run stopped mid-batch), each
    /// materialised again from its recipe (recipes are pure: the same subset), at most <paramref name="slots"/>
    /// of them (the rest at the next pass), beside the whole batch; null when there are none, or when the batch does not continue <paramref name="records"/> (the
    /// log was replaced) or a recipe no longer selects the subset it did (then the search chooses anew,
    /// and says so).
    /// </summary>
    private (SearchBatch Batch, List<Choice> Chosen, List<SearchBatch.Entry> Entries)? Unfinished(IReadOnlyList<SearchRecord> records, HashSet<string> logged, int slots)
    {
        if (SearchBatch.Read(files.Batch) is not { } saved)
        {
            return null;
        }

        // A batch continues the log it was chosen from: its first id follows the last record before it.
        var members = saved.Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var before = records.Where(r => !members.Contains(r.Id)).Select(r => SearchHistory.IdNumber(r.Id)).DefaultIfEmpty(0).Max();
        if (saved.Entries.Count == 0 || saved.Entries.Min(e => SearchHistory.IdNumber(e.Id)) != before + 1)
        {
            log($"warning: {files.Batch} does not continue this search's log (its first evaluation is {saved.Entries.FirstOrDefault()?.Id ?? "none"}, the log ends at e{before:D3}); choosing the next batch anew");
            File.Delete(files.Batch);
            return null;
        }

        var left = saved.Entries.Where(e => !logged.Contains(e.SubsetHash)).Take(slots).ToList();
        var chosen = new List<Choice>();
        foreach (var entry in left)
        {
            var proposal = new Proposal(RecipeReader.Parse(entry.Recipe.GetRawText()), entry.Parent, entry.Edit) { Origin = entry.Origin, Kind = entry.Kind, Reseed = entry.Reseed };
            if (Materialise(proposal) is not { } candidate || candidate.Selection.Hash() != entry.SubsetHash)
            {
                log($"warning: {entry.Id} of the unfinished batch no longer selects the subset it did ({entry.SubsetHash}); choosing the next batch anew");
                File.Delete(files.Batch);
                return null;
            }

            chosen.Add(new Choice(candidate, entry.Predicted, entry.Candidates, entry.Screened));
        }

        if (chosen.Count == 0)
        {
            File.Delete(files.Batch);
            return null;
        }

        log($"resuming the unfinished batch of round {saved.Round}: {string.Join(", ", left.Select(e => e.Id))} ({chosen.Count} of {saved.Entries.Count})");
        return (saved, chosen, left);
    }

    /// <summary>The number of the next record id (e001, e002, …): one past the highest so far, so ids stay unique even when a batch finished out of order.</summary>
    private static int NextNumber(SearchLog searchLog) =>
        searchLog.Records.Select(r => SearchHistory.IdNumber(r.Id)).DefaultIfEmpty(0).Max() + 1;

    /// <summary>Completed evaluations (trainings): a confirmed record counts once per seed.</summary>
    private static int Completed(SearchLog searchLog) => searchLog.Records.Where(r => r.Objective is not null).Sum(r => r.SeedObjectives?.Length ?? 1);

    private static string? BestSoFar(SearchLog searchLog) =>
        Best(searchLog)?.Objective is { } best ? string.Create(CultureInfo.InvariantCulture, $"best {best:0.0}") : null;

    private static SearchRecord? Best(SearchLog searchLog) => SearchHistory.Best(searchLog.Records);

    // Made on first use: it materialises through this controller.
    private SearchProbes Probes => probes ??= new SearchProbes(config, context, space, Materialise, log);

    /// <summary>The number of the next round: one past the highest so far.</summary>
    private static int NextRound(IReadOnlyList<SearchRecord> records) => records.Where(r => r.Round > 0).Select(r => r.Round).DefaultIfEmpty(0).Max() + 1;

    private double MinSubsetSize => config.MinSubsetSize(context.Pool.Count);

    private SearchOutcome Finish(SearchLog searchLog, string reason)
    {
        log($"stopped: {reason}");
        return new SearchOutcome(searchLog.Records, Best(searchLog), reason);
    }

    private (List<Choice> Chosen, int Round) Round(IReadOnlyList<SearchRecord> history, int slots, CancellationToken cancellation)
    {
        var round = NextRound(history);
        var random = new DeterministicRandom((config.Seed * 1_000_003UL) + (ulong)round);
        var completed = history.Where(r => r.Objective is not null).ToList();
        var evaluatedHashes = history.Select(r => r.SubsetHash).ToHashSet(StringComparer.Ordinal);
        var (parents, reseed) = Parents(history, completed, round, random);
        var proposals = proposer.Propose(parents, EditStatistics(history), config.CandidatesPerRound, random).ToList();
        var analysis = Feedback(history, cancellation);
        if (agent is not null && !reseed)
        {
            // The agent's proposals join the heuristic ones and are ranked by the same surrogate: the agent
            // widens the candidate pool but never overrides the ranking. A failing endpoint costs nothing.
            try
            {
                proposals.InsertRange(0, agent.Propose(history, parents, AgentCandidates, config.Seed, cancellation, analysis));
            }
            catch (Agents.AgentUnavailableException e)
            {
                log($"action agent unavailable, heuristic proposals only: {e.Message}");
            }
        }
        if (reseed)
        {
            proposals = [.. proposals.Take(config.CandidatesPerRound / 2).Select(p => p with { Edit = $"reseed: {p.Edit}", Reseed = true })];
            for (var i = 0; proposals.Count < config.CandidatesPerRound && i < config.CandidatesPerRound; i++)
            {
                proposals.Add(new Proposal(proposer.RandomRecipe(2 + random.Next(3), config.Seed, random), null, "reseed: random recipe") { Origin = ProposalOrigin.Random, Reseed = true });
            }
        }

        // Recipes are pure, so candidates materialise in parallel; the order of the list stays the proposals'.
        var materialised = new MaterialisedCandidate?[proposals.Count];
        Parallel.For(0, proposals.Count, new ParallelOptions { CancellationToken = cancellation }, i => materialised[i] = Materialise(proposals[i]));
        var candidates = new List<MaterialisedCandidate>();
        var seen = new HashSet<string>(evaluatedHashes, StringComparer.Ordinal);
        foreach (var candidate in materialised)
        {
            if (candidate is not null && seen.Add(candidate.Selection.Hash()))
            {
                candidates.Add(candidate);
            }
        }

        if (candidates.Count == 0)
        {
            return ([], round);
        }

        var count = candidates.Count;
        if (!config.UseGp || completed.Count < 3)
        {
            var chosen = new List<Choice>();
            for (var k = 0; k < Math.Min(Screens(round) ? slots * screener!.Shortlist : slots, count); k++)
            {
                var pick = random.Next(candidates.Count);
                chosen.Add(new Choice(candidates[pick], null, count));
                candidates.RemoveAt(pick);
            }

            return (Screened(chosen, slots, round, null, cancellation), round);
        }

        // The `slots` candidates ranked first (one, unless evaluations run in parallel): by expected improvement unless round_choice says otherwise.
        var x = completed.Select(r => Encode(RecipeReader.Parse(r.Recipe.GetRawText()), r.StateVector)).ToList();
        var gp = GaussianProcess.Fit(x, [.. completed.Select(r => r.Objective!.Value)]);
        if (gp.Diagnostics.Failed)
        {
            log($"warning: the surrogate's hyperparameter fit converged from none of its {gp.Diagnostics.Starts} starts; it ranks with the best start's values ({string.Join("; ", gp.Diagnostics.Problems)})");
        }

        var best = completed.Max(r => r.Objective!.Value);
        var ranked = candidates.Select((c, i) => (Candidate: c, Prediction: gp.Predict(c.Features), Index: i))
            .Select(c => (c.Candidate, c.Prediction, Score: RoundRanking.Score(config.RoundChoice, c.Prediction, best), c.Index))
            .OrderByDescending(c => c.Score).ThenBy(c => c.Index).ToList();
        if (Screens(round))
        {
            // Multi-fidelity: the cheap evaluator scores the surrogate's shortlist, and its scores, read
            // through the line fitted from cheap to full objectives so far, order it.
            var shortlisted = ranked.Take(slots * screener!.Shortlist)
                .Select(r => new Choice(r.Candidate, [Math.Round(r.Prediction.Mean, 3), Math.Round(r.Prediction.StandardDeviation, 3)], count)).ToList();
            var fusion = FidelityFusion.Fit([.. completed.Where(r => r.Screened is not null).Select(r => (r.Screened!.Value, r.Objective!.Value))]);
            return (Screened(shortlisted, slots, round, fusion is null ? null : (fusion, best), cancellation), round);
        }

        var picked = ranked.Take(slots).ToList();
        if (selection is not null && ranked.Count > slots)
        {
            // The Selection agent picks from the surrogate's shortlist; it can only name positions on it.
            var shortlist = ranked.Take(Math.Max(3 * slots, 6)).ToList();
            try
            {
                var entries = shortlist.Select(r => new ShortlistEntry(RecipeJson.Write(r.Candidate.Proposal.Recipe with { Name = null }, indented: false),
                    r.Candidate.Selection.Count, r.Prediction.Mean, r.Prediction.StandardDeviation, r.Score)).ToList();
                picked = [.. selection.Choose(entries, slots, analysis ?? FeedbackAgent.Heuristic(history), cancellation).Select(p => shortlist[p])];
            }
            catch (Agents.AgentUnavailableException e)
            {
                log($"selection agent unavailable, the surrogate's order decides: {e.Message}");
            }
        }

        return ([.. picked.Select(r => new Choice(r.Candidate, [Math.Round(r.Prediction.Mean, 3), Math.Round(r.Prediction.StandardDeviation, 3)], count))], round);
    }

    /// <summary>Whether round <paramref name="round"/>'s candidates go through the cheap evaluator first: budget was left when it began (a resumed round decides the same).</summary>
    private bool Screens(int round) => screener is not null && screener.HasBudgetBefore(round);

    /// <summary>
    /// The <paramref name="slots"/> of <paramref name="shortlist"/> to train in full; the others are only
    /// screened. Each is scored by the cheap evaluator; with a <paramref name="fused"/> line from cheap to
    /// full objective, the highest expected improvement over the best so far of the surrogate's prediction
    /// and the line's estimate combined, otherwise the highest cheap score (ties and failures keep the
    /// shortlist's order). Without a screener with budget, the shortlist's first <paramref name="slots"/>.
    /// </summary>
    private List<Choice> Screened(List<Choice> shortlist, int slots, int round, (FidelityFusion Line, double Best)? fused, CancellationToken cancellation)
    {
        if (!Screens(round) || shortlist.Count <= slots)
        {
            return [.. shortlist.Take(slots)];
        }

        var scored = shortlist.Select((choice, i) => (Choice: choice with { Screened = screener!.Screen(context, choice.Candidate.Selection, config.Seed, round, cancellation) }, Index: i)).ToList();
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        log($"round {round}: screened {scored.Count} candidates ({string.Join(", ", scored.Select(c => c.Choice.Screened is { } v ? v.ToString("0.00", invariant) : "–"))}); {screener!.Spent} cheap evaluations spent");
        if (fused is not { Line: var line, Best: var best })
        {
            return [.. scored.OrderByDescending(c => c.Choice.Screened ?? double.NegativeInfinity).ThenBy(c => c.Index).Take(slots).Select(c => c.Choice)];
        }

        var order = scored.Select(c => (c.Choice, c.Index, Value: c.Choice.Predicted is [var mean, var deviation] ? line.ExpectedImprovement(c.Choice.Screened, (mean, deviation), best) : double.NegativeInfinity))
            .OrderByDescending(c => c.Value).ThenBy(c => c.Index).ToList();
        log($"round {round}: cheap → full line over {line.Pairs} subsets (full ≈ {line.Intercept.ToString("0.00", invariant)} + {line.Slope.ToString("0.00", invariant)} × cheap, residual sd {Math.Sqrt(line.ResidualVariance).ToString("0.00", invariant)}) read with the surrogate");
        return [.. order.Take(slots).Select(c => c.Choice)];
    }

    /// <summary>The Feedback agent's analysis of the history (its heuristic one when the endpoint fails), or null without the agent.</summary>
    private string? Feedback(IReadOnlyList<SearchRecord> history, CancellationToken cancellation)
    {
        if (feedback is null)
        {
            return null;
        }

        try
        {
            return feedback.Summarise(history, cancellation);
        }
        catch (Agents.AgentUnavailableException e)
        {
            log($"feedback agent unavailable, heuristic summary instead: {e.Message}");
            return FeedbackAgent.Heuristic(history);
        }
    }

    /// <summary>Parents best first; after stagnation, the lineage of a reseed anchor.</summary>
    private (IReadOnlyList<(string Id, Recipe Recipe)> Parents, bool Reseed) Parents(IReadOnlyList<SearchRecord> history, List<SearchRecord> completed, int round, DeterministicRandom random)
    {
        (string, Recipe) Parsed(SearchRecord r) => (r.Id, RecipeReader.Parse(r.Recipe.GetRawText()));
        var ranked = completed.OrderByDescending(r => r.Objective).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        if (ranked.Count == 0)
        {
            // Nothing succeeded yet (every probe too small or failed): start from the template's defaults.
            var defaults = new Recipe(null, config.Seed, [.. Probes.TemplateSteps().Select(t => new RecipeStep(t.Op.Name, new Dictionary<string, object?>()))]);
            return ([("template", defaults)], true);
        }

        var lastReseed = history.LastOrDefault(r => r.FromReseed);
        if (config.Reseed && lastReseed is not null && round - lastReseed.Round <= config.StagnationPatience)
        {
            var lineage = history.SkipWhile(r => r != lastReseed).Where(r => r.Objective is not null).OrderByDescending(r => r.Objective).ToList();
            if (lineage.Count > 0)
            {
                return ([.. lineage.Take(5).Select(Parsed)], false);
            }
        }

        if (config.Reseed && RoundsSinceImprovement(history) >= config.StagnationPatience
            && (lastReseed is null || round - lastReseed.Round > config.StagnationPatience))
        {
            var others = ranked.Skip(3).ToList();
            var anchor = others.Count > 0 ? others[random.Next(others.Count)] : ranked[^1];
            return ([Parsed(anchor)], true);
        }

        return ([.. ranked.Take(5).Select(Parsed)], false);
    }

    private static int RoundsSinceImprovement(IReadOnlyList<SearchRecord> history)
    {
        var best = double.NegativeInfinity;
        var since = 0;
        foreach (var record in history.Where(r => r.Round > 0 || r.Objective is not null))
        {
            if (record.Objective is { } objective && objective > best)
            {
                best = objective;
                since = 0;
            }
            else if (record.Round > 0)
            {
                since++;
            }
        }

        return since;
    }

    private static Dictionary<string, (int Tries, int Successes)> EditStatistics(IReadOnlyList<SearchRecord> history)
    {
        var byId = history.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var statistics = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var record in history.Where(r => r.Parent is not null && r.Objective is not null))
        {
            var kind = record.Kind;
            var (tries, successes) = statistics.GetValueOrDefault(kind);
            var improved = byId.TryGetValue(record.Parent!, out var parent) && parent.Objective is { } p && record.Objective > p;
            statistics[kind] = (tries + 1, successes + (improved ? 1 : 0));
        }

        return statistics;
    }

    private MaterialisedCandidate? Materialise(Proposal proposal)
    {
        try
        {
            var (selection, trace, _) = RecipeExecutor.Run(proposal.Recipe, context);
            if (selection.Count < MinSubsetSize)
            {
                return null;
            }

            var state = StateVector.Of(selection, context.Pool, context.Signals);
            return new MaterialisedCandidate(proposal, selection, trace, state, Encode(proposal.Recipe, state.Components.ToDictionary()));
        }
        catch (Exception e) when (e is InvalidRecipeException or RecipeStepException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The surrogate's input: the recipe features, then (unless disabled) the state vector with its
    /// per-benchmark relevance and MONA lifts averaged into one value each, so that a handful of
    /// evaluations can inform every dimension.
    /// </summary>
    private double[] Encode(Recipe recipe, IReadOnlyDictionary<string, double> state)
    {
        var recipeFeatures = features.Encode(recipe);
        if (!config.UseStateVector)
        {
            return recipeFeatures;
        }

        var summary = state.Where(c => !c.Key.Contains(':', StringComparison.Ordinal)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => c.Value).ToList();
        foreach (var prefix in new[] { "relevance:", "mona:" })
        {
            var lifts = state.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(c => c.Value).ToList();
            summary.Add(lifts.Count == 0 ? 0 : lifts.Average());
        }

        return [.. recipeFeatures, .. summary];
    }

    private SearchRecord Evaluate(string id, MaterialisedCandidate chosen, int round, double[]? predicted, double roundSeconds, int candidates, double leader, int budgetLeft, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        var hash = chosen.Selection.Hash();
        var recipe = chosen.Proposal.Recipe with { Name = id };
        AtomicFile.WriteAllText(files.Recipe(id), RecipeJson.Write(recipe) + "\n");
        RecipeRunFolder.WriteTrace(files.Trace(id), chosen.Trace);
        var subsetPath = files.Subset(hash);
        if (!File.Exists(subsetPath))
        {
            SubsetFile.Write(subsetPath, context.Pool, chosen.Selection.ToArray());
        }

        var record = new SearchRecord
        {
            Id = id,
            Round = round,
            Parent = chosen.Proposal.Parent,
            Edit = chosen.Proposal.Edit,
            Origin = chosen.Proposal.Origin,
            EditKind = chosen.Proposal.Kind,
            Reseed = chosen.Proposal.Reseed,
            Recipe = JsonDocument.Parse(RecipeJson.Write(recipe with { Name = null }, indented: false)).RootElement.Clone(),
            RecipeHash = RecipeJson.Hash(recipe),
            SubsetHash = hash,
            SubsetSamples = chosen.Selection.Count,
            StateVector = chosen.State.Components.ToDictionary(c => c.Key, c => Math.Round(c.Value, 6)),
            Status = RecordStatus.Ok,
            Predicted = predicted,
            RoundSeconds = Math.Round(roundSeconds, 3),
            Candidates = candidates,
        };
        var watch = Stopwatch.StartNew();
        try
        {
            var subset = chosen.Selection.ToArray();
            var result = evaluator.Evaluate(new EvaluationRequest(context.Pool, subset, config.Seed), progress, cancellation);
            var objectives = new List<double> { result.Objective };
            var tokens = result.Cost.TrainingTokens;
            if (config.ConfirmSeeds > 0 && round > 0 && Math.Round(result.Objective, 4) > leader)
            {
                // A new leader after the warm-up: confirm it with further seeds (as many as the budget
                // allows) before it leads. Warm-up probes are not confirmed: each one beats the few before
                // it by chance often enough that confirming them spent a third of a small budget.
                for (var extra = 1; extra <= Math.Min(config.ConfirmSeeds, budgetLeft); extra++)
                {
                    var confirmation = evaluator.Evaluate(new EvaluationRequest(context.Pool, subset, config.Seed + (ulong)extra), progress, cancellation);
                    objectives.Add(confirmation.Objective);
                    tokens += confirmation.Cost.TrainingTokens;
                }
            }

            return record with
            {
                Objective = Math.Round(objectives.Average(), 4),
                SeedObjectives = objectives.Count > 1 ? [.. objectives.Select(o => Math.Round(o, 4))] : null,
                Scores = result.Scores.ToDictionary(s => s.Benchmark, s => s.Score),
                OptimisedBenchmarks = [.. result.Scores.Where(s => s.Kind == BenchmarkKind.InDistribution).Select(s => s.Benchmark)],
                BitsPerByte = result.Scores.All(s => s.BitsPerByte is not null) ? result.Scores.ToDictionary(s => s.Benchmark, s => s.BitsPerByte!.Value) : null,
                Seconds = Math.Round(watch.Elapsed.TotalSeconds, 2),
                TrainingTokens = tokens,
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return record with { Status = Failed, Error = e.Message, Seconds = Math.Round(watch.Elapsed.TotalSeconds, 2) };
        }
    }

    private static SearchRecord Placeholder(SearchLog searchLog, int round) => new()
    {
        Id = $"e{NextNumber(searchLog):D3}",
        Round = round,
        Edit = "empty round",
        Origin = ProposalOrigin.Empty,
        EditKind = string.Empty,
        Reseed = false,
        Recipe = JsonDocument.Parse("{}").RootElement.Clone(),
        RecipeHash = string.Empty,
        SubsetHash = string.Empty,
        StateVector = new Dictionary<string, double>(),
        Status = Failed,
        Error = "no candidate survived materialisation (too small, invalid or already evaluated)",
    };

    private void WriteTree(SearchLog searchLog)
    {
        var nodes = searchLog.Records.Select(r => new { id = r.Id, parent = r.Parent, round = r.Round, edit = r.Edit, objective = r.Objective, status = r.Status.Text(), subset_samples = r.SubsetSamples });
        AtomicFile.WriteAllText(files.Tree, JsonSerializer.Serialize(new { best = Best(searchLog)?.Id, nodes }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
