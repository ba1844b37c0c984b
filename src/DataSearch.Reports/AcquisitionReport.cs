using DataSearch.Acquisition;
using DataSearch.IO;

namespace DataSearch.Reports;

/// <summary>
/// The report of an active-data-search run folder (<c>results/</c>): methods against the base policy,
/// reward, gain and cost per iteration, the API mix chosen per task type, per-task outcomes, the
/// cost–gain scatter of every trajectory tried while learning, and the in-context use of the data.
/// </summary>
public static class AcquisitionReport
{
    /// <summary>The trained optimizer's results, relative to the run folder.</summary>
    public static readonly string ResultFile = AcquisitionRunFolder.RelativeEvaluationResults;

    private static readonly string[] Apis = ["retrieve", "demonstrate", "answer"];

    /// <summary>The section for <paramref name="folder"/>.</summary>
    public static ReportSection Build(string folder)
    {
        var evaluation = Read<AcquisitionEvaluation>(Path.Combine(folder, ResultFile));
        var methods = File.Exists(new AcquisitionRunFolder(folder).Baselines)
            ? Read<List<AcquisitionEvaluation>>(new AcquisitionRunFolder(folder).Baselines)
            : [evaluation];
        var iterations = File.Exists(new AcquisitionRunFolder(folder).TrainingMetrics)
            ? Read<List<IterationMetrics>>(new AcquisitionRunFolder(folder).TrainingMetrics)
            : [];
        var metrics = evaluation.Metrics;
        var summary = $"The trained optimizer ({evaluation.Method}) beat the base policy on {Format.Percent(metrics.WinRate)} of {metrics.CompletedTasks} {(evaluation.TrainingTaskMetrics is null ? string.Empty : "held-out ")}tasks "
            + $"(tied {Format.Percent(metrics.TieRate)}, lost {Format.Percent(metrics.LossRate)}); average test score {Format.Score(metrics.AverageScore)} against "
            + $"{Format.Score(metrics.AverageBaseScore)} for the base policy, for {Format.Number(metrics.TotalApiCost, "0.0")} cost units (λ = {Format.Number(metrics.Lambda)}).";
        var finals = evaluation.TaskResults.Where(t => t.FinalPolicyScore is not null).ToList();
        if (finals.Count > 0)
        {
            summary += $" The one policy trained through all {(iterations.Count > 0 ? $"{iterations.Count} " : string.Empty)}iterations beat the base policy on {finals.Count(t => t.FinalPolicyScore > t.BaseScore)} of {finals.Count} "
                + $"test sets (average {Format.Score(finals.Average(t => t.FinalPolicyScore!.Value))}).";
        }

        var blocks = new List<ReportBlock>
        {
            new TableBlock("acquire-methods", "Methods against the base policy",
                ["method", "win", "tie", "loss", "avg score", "base", "total cost", "mean reward", "gain per cost"],
                [.. methods.Select(m => (IReadOnlyList<string>)[
                    m.Method, Format.Percent(m.Metrics.WinRate), Format.Percent(m.Metrics.TieRate), Format.Percent(m.Metrics.LossRate),
                    Format.Score(m.Metrics.AverageScore), Format.Score(m.Metrics.AverageBaseScore), Format.Number(m.Metrics.TotalApiCost, "0.0"),
                    Format.Score(m.Metrics.MeanReward), m.Metrics.GainPerCost is { } g ? Format.Number(g, "0.00") : "–"])],
                evaluation.TrainingTaskMetrics is null
                    ? "Each method's best trajectory per task, executed once; the base policy fine-tuned on its data and scored on the task's held-out test questions."
                    : "On the held-out tasks, which the optimizer never saw while learning: each method's best trajectory per task, executed once; the base policy fine-tuned on its data and scored on the task's test questions."),
        };
        if (evaluation.TrainingTaskMetrics is not null)
        {
            blocks.Add(new TableBlock("acquire-methods-training", "The same methods on the training tasks",
                ["method", "win", "tie", "loss", "avg score", "base", "total cost", "mean reward"],
                [.. methods.Where(m => m.TrainingTaskMetrics is not null).Select(m => (IReadOnlyList<string>)[
                    m.Method, Format.Percent(m.TrainingTaskMetrics!.WinRate), Format.Percent(m.TrainingTaskMetrics.TieRate), Format.Percent(m.TrainingTaskMetrics.LossRate),
                    Format.Score(m.TrainingTaskMetrics.AverageScore), Format.Score(m.TrainingTaskMetrics.AverageBaseScore), Format.Number(m.TrainingTaskMetrics.TotalApiCost, "0.0"),
                    Format.Score(m.TrainingTaskMetrics.MeanReward)])],
                "The tasks the optimizer learned on (their test questions were never read while learning): how well it fits what it saw, not whether it generalises."));
        }

        if (methods.Count > 1)
        {
            var paired = methods.Skip(1).Select(b => PairedDifference.Of(evaluation, b)).ToList();
            blocks.Add(new TableBlock("acquire-paired", $"{evaluation.Method} against each baseline, task by task",
                ["baseline", "tasks", "mean reward difference", "95 % interval", "higher on", "lower on", "clearly better"],
                [.. paired.Select(p => (IReadOnlyList<string>)[
                    p.Baseline, Format.Count(p.Tasks), Format.Number(p.MeanDifference, "+0.00;-0.00;0.00"),
                    p.Lower is { } lo ? $"{Format.Number(lo, "+0.00;-0.00;0.00")} to {Format.Number(p.Upper!.Value, "+0.00;-0.00;0.00")}" : "–",
                    Format.Count(p.Wins), Format.Count(p.Losses), p.ClearlyBetter ? "yes" : "no"])],
                "Per-task reward of the trained optimizer minus the baseline's on the same tasks (held-out tasks when some are held out); the interval is Student's t over the tasks. 'Clearly better' only when the whole interval is above zero."));
        }

        if (evaluation.Conditions is { } conditions)
        {
            blocks.Add(new TableBlock("acquire-conditions", "Conditions of these figures",
                ["condition", "value"],
                [
                    ["teacher", conditions.Teacher],
                    ["teacher's error rate", conditions.TeacherErrorRate is { } rate ? Format.Percent(rate) : "not known (an external teacher)"],
                    ["acquired samples removed by decontamination (benchmarks, tasks' dev and test questions)", Format.Number(conditions.Decontaminated)],
                    ["tasks", conditions.TaskSplit],
                ],
                "What the trained optimizer's figures rest on: a teacher that never errs, or data overlapping the test, would flatter them."));
        }

        var spend = CostLedger.Read(folder);
        if (spend.Calls > 0)
        {
            blocks.Add(new TableBlock("acquire-spend", "API spend (cost ledger)",
                ["calls", "count", "cost units"],
                [
                    ["paid (answered by the API)", Format.Number(spend.PaidCalls), Format.Number(spend.PaidCost, "0.0")],
                    ["served from the cache, not paid again", Format.Number(spend.CachedCalls), Format.Number(spend.CachedCost, "0.0")],
                    ["all", Format.Number(spend.Calls), Format.Number(spend.PaidCost + spend.CachedCost, "0.0")],
                ],
                "Every call of the run (training, evaluation, baselines) from logs/cost_ledger.jsonl. Paid is what the run spent; a call served from the cache (a repeat, or one re-run after a resume) is charged to its trajectory's reward but costs nothing again."));
        }

        if (iterations.Count > 0)
        {
            blocks.Add(PerIteration(iterations));
            blocks.Add(PolicyUpdates(iterations));
            blocks.Add(CostGain(iterations));
        }

        var inContextFile = new AcquisitionRunFolder(folder).InContextResults;
        if (File.Exists(inContextFile))
        {
            var inContext = InContextResults.Read(inContextFile);
            var m = inContext.Metrics;
            summary += $" Used in context instead (up to {m.Examples} acquired samples before each question, no weight change), the data moved a reader from {Format.Score(m.AverageNoContextScore)} to "
                + $"{Format.Score(m.AverageInContextScore)} (gain {Format.Number(m.InContextGain, "+0.0;-0.0")}, win {Format.Percent(m.WinRate)}); fine-tuning on it gained {Format.Number(m.FineTuningGain, "+0.0;-0.0")}.";
            blocks.Add(InContext(inContext));
        }

        blocks.Add(ApiMix(evaluation, iterations));
        blocks.Add(Outcomes(evaluation));
        blocks.Add(new TableBlock("acquire-tasks", "Per task",
            ["task", "split", "category", "base", "score", "outcome", "cost", "samples", "trajectory", "instruction"],
            [.. evaluation.TaskResults.Select(t => (IReadOnlyList<string>)[
                t.TaskId, t.Split ?? "–", t.Category, Format.Score(t.BaseScore), Format.Score(t.Score), t.Outcome, Format.Number(t.ApiCost, "0.0"),
                Format.Count(t.Samples), t.Trajectory, t.Instruction])]));
        return new ReportSection("acquire", "Active data search", summary, blocks);
    }

    private static TableBlock InContext(InContextResults results) =>
        new("acquire-in-context", "The acquired data used in context, against fine-tuning on it",
            ["task", "category", "reader, bare", "reader, in context", "outcome", "examples shown", "base policy", "fine-tuned"],
            [.. results.TaskResults.Select(t => (IReadOnlyList<string>)[
                t.TaskId, t.Category, Format.Score(t.NoContextScore), Format.Score(t.InContextScore), t.Outcome,
                Format.Number(t.MeanExamplesShown, "0.0"), Format.Score(t.BaseScore), Format.Score(t.FineTunedScore)])],
            results.Metrics.Reader == "policy"
                ? "The base policy (served by the policy backend) answers each test question bare and after the task's acquired samples nearest to it (BM25), written as worked examples in its prompt; no weights change. Beside it, the base policy fine-tuned on the same data."
                : $"The reader (the policy's architecture with a {results.Metrics.ReaderContext}-byte context, given reading practice on clean world samples) answers each test question bare and after the task's acquired samples nearest to it (BM25); no weights change. Beside it, the base policy and the base policy fine-tuned on the same data.");

    private static FigureBlock PerIteration(List<IterationMetrics> iterations)
    {
        var xs = iterations.Select(i => (double)i.Iteration).ToList();
        return new FigureBlock("acquire-iterations", "Reward, gain and cost per iteration",
            "Means over the iteration's trajectories: reward = dev-score gain − λ·cost (band: ± one standard deviation), the gain in points, and the cost in API units.",
            new Chart("iteration", "points / cost units",
            [
                new ChartSeries("reward", SeriesStyle.Line, xs, [.. iterations.Select(i => i.RewardMean)],
                    [.. iterations.Select(i => i.RewardMean - i.RewardStd)], [.. iterations.Select(i => i.RewardMean + i.RewardStd)]),
                new ChartSeries("gain", SeriesStyle.Line, xs, [.. iterations.Select(i => i.GainMean)]),
                new ChartSeries("cost", SeriesStyle.Line, xs, [.. iterations.Select(i => i.CostMean)]),
            ]));
    }

    private static TableBlock PolicyUpdates(List<IterationMetrics> iterations) =>
        new("acquire-policy", "The shared policy, iteration by iteration",
            ["iteration", "dev score before", "after the update", "kept", "dev score after", "samples", "replayed", "steps"],
            [.. iterations.Select(i => (IReadOnlyList<string>)[
                Format.Count(i.Iteration), Format.Score(i.PolicyScoreBefore), Format.Score(i.PolicyUpdateScore),
                i.PolicyUpdateAccepted switch { true => "yes", false => "no", null => "–" }, Format.Score(i.PolicyScoreAfter),
                Format.Count(i.PolicyUpdateSamples), Format.Count(i.PolicyUpdateReplayed), Format.Count(i.PolicyUpdateSteps)])],
            "Mean dev score over all tasks of the policy carried from iteration to iteration. Each update trains on the iteration's best data (and, with replay, earlier iterations' best data); an update that lowers the score is not kept.");

    private static FigureBlock CostGain(List<IterationMetrics> iterations)
    {
        var trajectories = iterations.SelectMany(i => i.Trajectories).ToList();
        return new FigureBlock("acquire-cost-gain", "Cost against gain, every trajectory tried",
            "One dot per trajectory the optimizer wrote while learning, by task category: what it cost and how many dev points it gained.",
            new Chart("API cost (units)", "dev-score gain (points)",
                [.. trajectories.GroupBy(t => t.Category, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new ChartSeries(g.Key, SeriesStyle.Markers, [.. g.Select(t => t.Cost)], [.. g.Select(t => t.Gain)]))]));
    }

    private static FigureBlock ApiMix(AcquisitionEvaluation evaluation, List<IterationMetrics> iterations)
    {
        // Categories come with each result; older files lack them, so the learning records fill in.
        var categoryOf = iterations.SelectMany(i => i.Trajectories).GroupBy(t => t.TaskId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Category, StringComparer.Ordinal);
        var counts = new SortedDictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var result in evaluation.TaskResults)
        {
            var category = result.Category.Length > 0 ? result.Category : categoryOf.GetValueOrDefault(result.TaskId, result.TaskId);
            if (!counts.TryGetValue(category, out var byApi))
            {
                counts[category] = byApi = Apis.ToDictionary(a => a, _ => 0, StringComparer.Ordinal);
            }

            foreach (var call in TrajectoryParser.TryParse(result.Trajectory, out _)?.Calls ?? [])
            {
                byApi[call.Api] = byApi.GetValueOrDefault(call.Api) + 1;
            }
        }

        var categories = counts.Keys.ToList();
        return new FigureBlock("acquire-api-mix", "API mix chosen per task type",
            "Calls of each API in the trajectories the trained optimizer chose for the final evaluation, summed over the tasks of each category.",
            new Chart("task category", "calls",
                [.. Apis.Select(api => new ChartSeries(api, SeriesStyle.Bars, [.. categories.Select((_, i) => (double)i)], [.. categories.Select(c => (double)counts[c][api])]))],
                categories));
    }

    private static FigureBlock Outcomes(AcquisitionEvaluation evaluation)
    {
        var tasks = evaluation.TaskResults;
        var ids = tasks.Select(t => t.TaskId).ToList();
        return new FigureBlock("acquire-outcomes", "Per-task test score: base policy against acquired data",
            "For each task, the base policy's test score, the score after fine-tuning it on the data the trained optimizer acquired for that task (win when higher, tie when equal), and the score of the one policy trained through all iterations.",
            new Chart("task", "test score (%)",
            [
                new ChartSeries("base policy", SeriesStyle.Bars, [.. ids.Select((_, i) => (double)i)], [.. tasks.Select(t => t.BaseScore)]),
                new ChartSeries("with acquired data", SeriesStyle.Bars, [.. ids.Select((_, i) => (double)i)], [.. tasks.Select(t => t.Score)]),
                .. tasks.Any(t => t.FinalPolicyScore is not null)
                    ? [new ChartSeries("final policy", SeriesStyle.Bars, [.. ids.Select((_, i) => (double)i)], [.. tasks.Select(t => t.FinalPolicyScore ?? 0)])]
                    : Array.Empty<ChartSeries>(),
            ],
            ids));
    }

    private static T Read<T>(string path) => JsonFile.Read<T>(path, "an acquisition result");
}
