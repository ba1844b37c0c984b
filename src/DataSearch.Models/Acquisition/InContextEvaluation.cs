using System.Diagnostics;
using DataSearch.Acquisition;
using DataSearch.Acquisition.Policies;
using DataSearch.Environments;
using DataSearch.Progress;
using DataSearch.Retrieval;

namespace DataSearch.Models.Acquisition;

/// <summary>
/// Measures in-context use of acquired data: for each task, the reader answers every test question
/// twice — bare, and after the task's acquired samples nearest to the question (BM25 over prompt and
/// response, best nearest the question) — and both scores stand beside the fine-tuning result of the
/// same data. The reader never trains on the acquired data.
/// </summary>
public static class InContextEvaluation
{
    /// <summary>Runs the measurement; <paramref name="evaluation"/> supplies the fine-tuning scores of the same tasks.</summary>
    public static InContextResults Run(
        LanguageModel reader,
        IReadOnlyList<AcquisitionTask> tasks,
        AcquisitionEvaluation evaluation,
        IReadOnlyList<AcquiredSample> acquired,
        InContextSettings settings,
        IProgress<ProgressReport>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Measure(tasks, evaluation, acquired, settings, progress, cancellation, (task, samples) =>
        {
            var prompts = Prompts(task, samples, settings, reader.Config.Context);
            var maxAnswer = LanguageModel.AnswerBudget(task.Test);
            var bare = reader.Answer([.. task.Test.Select(i => InContextReader.Prompt([], i.Prompt, int.MaxValue))], maxAnswer);
            return (bare, reader.Answer(prompts, maxAnswer), prompts.Average(p => p.Count(c => c == '\n')));
        });
    }

    /// <summary>
    /// In-context use through any policy (a command's or an endpoint's): the policy itself is the reader.
    /// Each test question is asked bare and after the task's nearest acquired samples, written as worked
    /// examples (<see cref="ChatPrompt"/>); no weights change.
    /// </summary>
    public static InContextResults Run(
        IPolicy policy,
        IReadOnlyList<AcquisitionTask> tasks,
        AcquisitionEvaluation evaluation,
        IReadOnlyList<AcquiredSample> acquired,
        InContextSettings settings,
        IProgress<ProgressReport>? progress = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var results = Measure(tasks, evaluation, acquired, settings, progress, cancellation, (task, samples) =>
        {
            var nearest = Nearest(task, samples, settings);
            var bare = policy.Answer(task.Test, cancellation);
            var read = policy.Answer([.. task.Test.Select((item, i) => item with { Prompt = ChatPrompt(nearest[i], item.Prompt) })], cancellation);
            return (bare, read, nearest.Average(n => n.Count));
        });
        return results with { Metrics = results.Metrics with { Reader = "policy" } };
    }

    // The measurement around one way of answering: per task with fine-tuning results and test questions,
    // the answers bare and in context (and the mean number of examples shown) become its scores.
    private static InContextResults Measure(
        IReadOnlyList<AcquisitionTask> tasks,
        AcquisitionEvaluation evaluation,
        IReadOnlyList<AcquiredSample> acquired,
        InContextSettings settings,
        IProgress<ProgressReport>? progress,
        CancellationToken cancellation,
        Func<AcquisitionTask, IReadOnlyList<AcquiredSample>, (IReadOnlyList<string> Bare, IReadOnlyList<string> Read, double Shown)> answer)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(acquired);
        ArgumentNullException.ThrowIfNull(settings);
        var watch = Stopwatch.StartNew();
        var byTask = acquired.GroupBy(a => a.TaskId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var results = new List<InContextTaskResult>();
        for (var t = 0; t < tasks.Count; t++)
        {
            cancellation.ThrowIfCancellationRequested();
            var task = tasks[t];
            var fineTuned = evaluation.TaskResults.FirstOrDefault(r => r.TaskId == task.Id);
            if (fineTuned is null || task.Test.Count == 0)
            {
                continue;
            }

            var samples = byTask.GetValueOrDefault(task.Id) ?? [];
            var (bare, read, shown) = answer(task, samples);
            var check = task.Checker.Check;
            double Percent(IReadOnlyList<string> answers) => 100.0 * task.Test.Where((item, i) => check(answers[i], item.Answer)).Count() / task.Test.Count;
            results.Add(new InContextTaskResult
            {
                TaskId = task.Id,
                Category = task.Category,
                InContextScore = Percent(read),
                NoContextScore = Percent(bare),
                FineTunedScore = fineTuned.Score,
                BaseScore = fineTuned.BaseScore,
                AcquiredSamples = samples.Count,
                MeanExamplesShown = Math.Round(shown, 2),
            });
            progress?.Report(new ProgressReport("in-context", t + 1, tasks.Count, "tasks"));
        }

        return new InContextResults { Metrics = InContextMetrics.Of(results, settings, watch.Elapsed.TotalSeconds), TaskResults = results };
    }

    /// <summary>
    /// A question after worked examples, as one message to an instruction-following model: the examples
    /// as question/answer pairs, then the question, with the instruction to answer it alone.
    /// </summary>
    public static string ChatPrompt(IReadOnlyList<WorkedExample> examples, string question)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            return question;
        }

        var text = new System.Text.StringBuilder("Worked examples:\n");
        foreach (var example in examples)
        {
            text.Append("Question: ").Append(example.Prompt).Append("\nAnswer: ").Append(example.Response).Append("\n\n");
        }

        return text.Append("Answer this question the same way, with the answer only.\nQuestion: ").Append(question).ToString();
    }

    /// <summary>Each test question of <paramref name="task"/> after its nearest samples, packed into the reader's context.</summary>
    public static IReadOnlyList<string> Prompts(AcquisitionTask task, IReadOnlyList<AcquiredSample> samples, InContextSettings settings, int context)
    {
        ArgumentNullException.ThrowIfNull(task);
        var nearest = Nearest(task, samples, settings);
        return [.. task.Test.Select((item, i) => InContextReader.Prompt(nearest[i], item.Prompt, InContextReader.Budget(context, LanguageModel.AnswerBudget([item]))))];
    }

    /// <summary>For each test question of <paramref name="task"/>, the task's acquired samples nearest to it (BM25 over prompt and response), best first.</summary>
    public static IReadOnlyList<IReadOnlyList<WorkedExample>> Nearest(AcquisitionTask task, IReadOnlyList<AcquiredSample> samples, InContextSettings settings)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(settings);
        if (samples.Count == 0)
        {
            return [.. task.Test.Select(_ => (IReadOnlyList<WorkedExample>)[])];
        }

        using var index = Bm25Index.Build([.. samples.Select(s => $"{s.Prompt} {s.Response}")]);
        return
        [
            .. task.Test.Select(item => (IReadOnlyList<WorkedExample>)[.. index.Search(item.Prompt, settings.Examples)
                .Select(hit => new WorkedExample(samples[hit.Document].Prompt, samples[hit.Document].Response, task.Category))]),
        ];
    }
}
