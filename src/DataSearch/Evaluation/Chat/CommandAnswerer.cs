using System.Globalization;
using System.Text;
using System.Text.Json;
using DataSearch.Errors;
using DataSearch.Evaluation.Slurm;
using DataSearch.IO;
using DataSearch.Progress;

namespace DataSearch.Evaluation.Chat;

/// <summary>
/// Answers with any command (an offline vLLM script, a TGI client, …), run here or as one Slurm batch job.
/// The pending questions go to <c>{questions}</c> (JSONL of <c>{question_id, category, turns}</c>); the
/// command must leave <c>{answers}</c> (JSONL of <c>{question_id, turns: [...]}</c>, one answer per user turn)
/// covering every one of them. Both live in a work folder (<c>{work_dir}</c>) beside the answers file, with
/// the command's logs; it is removed once the answers are saved. A Slurm job still running when the caller
/// stopped is re-attached to by the next run, not submitted twice.
/// </summary>
/// <param name="Command">The shell command; placeholders <c>{questions}</c>, <c>{answers}</c>, <c>{work_dir}</c> are filled shell-quoted.</param>
/// <param name="ModelName">The model the command answers with, as recorded beside each answer.</param>
/// <param name="WorkFolder">The work folder.</param>
/// <param name="WorkingDirectory">Where the command runs.</param>
/// <param name="TimeoutMinutes">Wall-clock limit of the command (and the Slurm job's time limit unless the settings give one).</param>
/// <param name="Slurm">Submit as a batch job with these settings; null: run here.</param>
/// <param name="Log">Progress lines.</param>
public sealed record CommandAnswerer(string Command, string ModelName, string WorkFolder, string WorkingDirectory, double TimeoutMinutes, SlurmSettings? Slurm, Action<string> Log) : IChatAnswerer
{
    /// <summary>The placeholders a command may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["questions", "answers", "work_dir"];

    /// <summary>Runs Slurm's commands; replaceable in tests.</summary>
    public SlurmClient SlurmClient { get; init; } = new();

    /// <inheritdoc/>
    public string Name => ModelName;

    private string QuestionsPath => Path.Combine(WorkFolder, "questions.jsonl");

    private string AnswersPath => Path.Combine(WorkFolder, "answers.jsonl");

    private string LogFolder => Path.Combine(WorkFolder, "logs");

    /// <summary>The problems with <paramref name="command"/>: unknown placeholders, or no <c>{answers}</c>.</summary>
    public static IEnumerable<string> Problems(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var used = DataSearch.Export.Placeholders.Pattern().Matches(command).Select(m => m.Groups[1].Value).ToList();
        foreach (var unknown in used.Where(u => !Placeholders.Contains(u)).Distinct())
        {
            yield return $"--command: unknown placeholder {{{unknown}}}; known: {{questions}}, {{answers}}, {{work_dir}}";
        }

        if (!used.Contains("answers"))
        {
            yield return "--command: it must write its answers to {answers}";
        }
    }

    /// <inheritdoc/>
    public void Answer(IReadOnlyList<ChatQuestion> questions, Action<ChatQuestion, IReadOnlyList<string>> answered, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(answered);
        if (questions.Count == 0)
        {
            return;
        }

        var command = Fill(Command);
        if (Slurm is null)
        {
            Prepare(questions);
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(TimeoutMinutes));
            Log($"run: {command}");
            ShellCommand.Run(command, WorkingDirectory, new Dictionary<string, string>(), Path.Combine(LogFolder, "command"), limit.Token,
                $"--timeout-minutes ({TimeoutMinutes} min)", cancellation);
        }
        else
        {
            new SlurmBatchJob(WorkFolder, $"ds-answer-{JobSuffix()}", "answer", WorkingDirectory, LogFolder, AnswersPath)
                .RunShellCommand(SlurmClient, Slurm, command, "answer a chat benchmark", TimeoutMinutes, () => Prepare(questions), Log, progress, cancellation);
        }

        var given = ChatAnswers.Read(AnswersPath);
        var missing = questions.Where(q => !given.ContainsKey(q.Id)).Select(q => q.Id).ToList();
        var extra = given.Keys.Except(questions.Select(q => q.Id), StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || extra.Count > 0)
        {
            throw new EvaluationFailedException(
                $"{AnswersPath}: the command answered {given.Count} questions, " +
                (missing.Count > 0 ? $"missing {missing.Count} of the {questions.Count} asked (first: {missing[0]})" : $"{extra.Count} that were not asked (first: {extra[0]})"));
        }

        foreach (var question in questions)
        {
            answered(question, given[question.Id]);
        }

        Directory.Delete(WorkFolder, recursive: true);
    }

    /// <summary>Writes the pending questions and clears what an earlier attempt left.</summary>
    private void Prepare(IReadOnlyList<ChatQuestion> questions)
    {
        Directory.CreateDirectory(LogFolder);
        File.Delete(AnswersPath);
        var lines = new StringBuilder();
        foreach (var question in questions)
        {
            lines.Append(JsonSerializer.Serialize(new { question_id = question.Id, category = question.Category, turns = question.Turns })).Append('\n');
        }

        AtomicFile.WriteAllText(QuestionsPath, lines.ToString());
    }

    private string Fill(string template) =>
        DataSearch.Export.Placeholders.Pattern().Replace(template, match => match.Groups[1].Value switch
        {
            "questions" => EvaluationWorkspace.ShellQuote(Path.GetFullPath(QuestionsPath)),
            "answers" => EvaluationWorkspace.ShellQuote(Path.GetFullPath(AnswersPath)),
            "work_dir" => EvaluationWorkspace.ShellQuote(Path.GetFullPath(WorkFolder)),
            _ => throw new UsageException($"--command: unknown placeholder {match.Value}"),
        });

    /// <summary>Eight hex digits from the work folder's full path: one job name per answers file.</summary>
    private string JobSuffix() =>
        System.IO.Hashing.XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(Path.GetFullPath(WorkFolder))).ToString("x16", CultureInfo.InvariantCulture)[..8];
}
