using DataSearch.Errors;
using DataSearch.IO;
using DataSearch.Progress;

namespace DataSearch.Evaluation.Chat;

/// <summary>What one answering run did.</summary>
/// <param name="Asked">Questions asked in this run.</param>
/// <param name="AlreadyAnswered">Questions the answers file already held (from an earlier, interrupted run).</param>
/// <param name="Seconds">Wall time of this run's answering.</param>
public sealed record ChatAnsweringSummary(int Asked, int AlreadyAnswered, double Seconds);

/// <summary>
/// Fills an answers file (JSONL of <see cref="ChatAnswerRecord"/>, append-only, each line flushed) with a
/// backend's answers to a benchmark. A rerun asks only the questions the file does not answer yet, so an
/// interrupted run (even <c>kill -9</c>: a torn last line is cut off) goes on where it stopped.
/// </summary>
public static class ChatAnswering
{
    /// <summary>Answers every question of <paramref name="questions"/> that <paramref name="path"/> does not answer yet.</summary>
    /// <exception cref="InvalidInputException">The file holds answers to other questions, or with the wrong number of turns.</exception>
    public static ChatAnsweringSummary Run(IReadOnlyList<ChatQuestion> questions, IChatAnswerer answerer, string path, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(answerer);
        var file = JsonLinesFile<ChatAnswerRecord>.Open(path);
        var known = questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        foreach (var (record, line) in file.Records.Select((r, i) => (r, i + 1)))
        {
            if (!known.TryGetValue(record.QuestionId ?? string.Empty, out var question))
            {
                throw new InvalidInputException(new InputProblem(InputProblemKind.UnknownId, new InputLocation(path, line, "question_id"),
                    $"question {record.QuestionId} is not in this benchmark: the file holds another benchmark's answers (use a new output file)"));
            }

            CheckTurns(question, record.Turns, new InputLocation(path, line, "turns"));
            if (record.Model != answerer.Name)
            {
                throw new InvalidInputException(new InputProblem(InputProblemKind.UnknownId, new InputLocation(path, line, "model"),
                    $"answered by {record.Model}, but this run answers with {answerer.Name}: one file holds one model's answers (use a new output file)"));
            }
        }

        var done = file.Records.Select(r => r.QuestionId).ToHashSet(StringComparer.Ordinal);
        var pending = questions.Where(q => !done.Contains(q.Id)).ToList();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var finished = 0;
        var gate = new Lock();
        progress?.Report(new ProgressReport("answer", 0, pending.Count, "questions"));
        answerer.Answer(pending, (question, turns) =>
        {
            CheckTurns(question, turns, new InputLocation(answerer.Name, 0, "turns"));
            lock (gate)
            {
                file.Append(new ChatAnswerRecord(question.Id, turns, answerer.Name));
                finished++;
                progress?.Report(new ProgressReport("answer", finished, pending.Count, "questions"));
            }
        }, progress, cancellation);
        return new ChatAnsweringSummary(pending.Count, done.Count, watch.Elapsed.TotalSeconds);
    }

    private static void CheckTurns(ChatQuestion question, IReadOnlyList<string>? turns, InputLocation where)
    {
        if (turns is null || turns.Count != question.Turns.Count)
        {
            throw new InvalidInputException(new InputProblem(InputProblemKind.WrongType, where,
                $"question {question.Id} has {question.Turns.Count} user turns but {turns?.Count ?? 0} answers"));
        }
    }
}
