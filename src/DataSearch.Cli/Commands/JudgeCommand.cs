using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DataSearch.Agents;
using DataSearch.Cli.Internal;
using DataSearch.Errors;
using DataSearch.Evaluation.Chat;
using DataSearch.IO;
using DataSearch.Progress;

namespace DataSearch.Cli.Commands;

/// <summary><c>datasearch judge --benchmark B --answers A -o OUT.json</c>: a model's answers to a chat benchmark, judged.</summary>
internal static class JudgeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var benchmark = new Option<string>("--benchmark", "-b") { Description = "AlpacaEval JSON, Arena-Hard or MT-Bench JSONL (see docs/chat.md).", Required = true };
        var references = new Option<string?>("--references") { Description = "MT-Bench reference answers (JSONL) to join by question_id." };
        var answers = new Option<string>("--answers", "-a") { Description = "The model's answers: JSONL of {question_id, turns: [...]}.", Required = true };
        var mode = new Option<string>("--mode") { Description = "pairwise (against the reference answers, both orders) or grade (1-10).", DefaultValueFactory = _ => "pairwise" };
        var limit = new Option<int?>("--limit") { Description = "Judge only the first N answered questions." };
        var output = new Option<string>("--output", "-o") { Description = "The results file (JSON); thinking_logs/ goes beside it.", Required = true };
        var command = new Command("judge", """
            Judge a model's answers to a chat benchmark with the OpenAI-compatible endpoint (OPENAI_BASE_URL,
            THINKING_MODEL): pairwise against the benchmark's reference answers, each question judged in both
            orders so position bias cancels (win/tie/loss, with answer lengths), or single-answer grades 1-10.
            With no endpoint configured, every answer gets the weak heuristic score instead, labelled as such.

            Examples:
              datasearch judge -b ../shared/data/eval-benchmarks/alpaca-eval/gpt4_1106_preview_outputs.json -a answers.jsonl -o alpaca.json
              datasearch judge -b mt-bench/question.jsonl --references mt-bench/reference_answer_gpt-4.jsonl -a answers.jsonl --mode grade -o mt.json
            """)
        {
            benchmark, references, answers, mode, limit, output,
        };
        command.SetAction(parsed =>
        {
            var chosen = parsed.GetRequiredValue(mode);
            if (chosen is not ("pairwise" or "grade"))
            {
                throw new UsageException($"--mode: '{chosen}' is not pairwise or grade");
            }

            var questions = ChatBenchmark.Read(parsed.GetRequiredValue(benchmark));
            if (parsed.GetValue(references) is { } referencePath)
            {
                questions = ChatBenchmark.WithReferences(questions, referencePath);
            }

            var given = ChatAnswers.Read(parsed.GetRequiredValue(answers));
            var answered = questions.Where(q => given.ContainsKey(q.Id)).Take(parsed.GetValue(limit) ?? int.MaxValue).ToList();
            var unknown = given.Keys.Except(questions.Select(q => q.Id), StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new UsageException($"--answers: {unknown.Count} answers name questions the benchmark does not have (first: {unknown[0]})");
            }

            environment.Error.WriteLine($"{answered.Count} of {questions.Count} questions answered");
            var path = parsed.GetRequiredValue(output);
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            using var chat = ChatClientOptions.FromEnvironment(environment.Variables, environment.Secrets) is { } options
                ? new ChatClient(options, new ThinkingLog(Path.Combine(folder, "thinking_logs"), options.Redactor))
                : null;
            if (chat is null)
            {
                environment.Error.WriteLine($"no judge configured (OPENAI_BASE_URL, LLM_MODEL): every answer gets the weak heuristic score ('{HeuristicChatScorer.Name}')");
                chosen = "heuristic";
            }

            var results = ProgressDisplay.Run(environment, "judge", progress => Judge(chosen, chat, answered, given, progress, environment.Cancellation));
            var summary = Summary(chosen, results);
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new
            {
                benchmark = Path.GetFileName(parsed.GetRequiredValue(benchmark)),
                mode = chosen,
                judge = chat?.ThinkingModel ?? HeuristicChatScorer.Name,
                questions = questions.Count,
                answered = answered.Count,
                summary,
                results,
            }, CliJson.Options) + "\n");
            environment.Output.WriteLine(string.Join(", ", summary.Select(s => $"{s.Key} {Convert.ToString(s.Value, CultureInfo.InvariantCulture)}")));
            environment.Output.WriteLine($"written: {path}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static List<JudgedQuestion> Judge(string mode, ChatClient? chat, List<ChatQuestion> questions, IReadOnlyDictionary<string, IReadOnlyList<string>> answers, IProgress<ProgressReport> progress, CancellationToken cancellation)
    {
        var results = new List<JudgedQuestion>();
        foreach (var question in questions)
        {
            cancellation.ThrowIfCancellationRequested();
            var answer = answers[question.Id];
            try
            {
                results.Add(mode switch
                {
                    "pairwise" when question.Reference is null => new JudgedQuestion(question.Id, question.Category, null, null, "no reference answer: not judged"),
                    "pairwise" => new JudgedQuestion(question.Id, question.Category, new PairwiseJudge(chat!).Judge(question, answer, question.Reference, cancellation), null, null),
                    "grade" => new JudgedQuestion(question.Id, question.Category, null, new SingleAnswerGrader(chat!).Grade(question, answer, cancellation), null),
                    _ => new JudgedQuestion(question.Id, question.Category, null, HeuristicChatScorer.Score(question, answer), null),
                });
            }
            catch (AgentUnavailableException e)
            {
                results.Add(new JudgedQuestion(question.Id, question.Category, null, null, e.Message));
            }

            progress.Report(new ProgressReport("judge", results.Count, questions.Count, "questions"));
        }

        return results;
    }

    private static Dictionary<string, object> Summary(string mode, List<JudgedQuestion> results)
    {
        var failed = results.Count(r => r.Error is not null);
        if (mode == "pairwise")
        {
            var verdicts = results.Select(r => r.Verdict).OfType<PairwiseVerdict>().ToList();
            double Rate(PairwiseOutcome o) => verdicts.Count == 0 ? 0 : Math.Round((double)verdicts.Count(v => v.Outcome == o) / verdicts.Count, 4);
            return new Dictionary<string, object>
            {
                ["judged"] = verdicts.Count,
                ["not_judged"] = failed,
                ["win_rate"] = Rate(PairwiseOutcome.Win),
                ["tie_rate"] = Rate(PairwiseOutcome.Tie),
                ["loss_rate"] = Rate(PairwiseOutcome.Loss),
                ["mean_answer_chars"] = verdicts.Count == 0 ? 0 : Math.Round(verdicts.Average(v => v.ModelLength), 1),
                ["mean_reference_chars"] = verdicts.Count == 0 ? 0 : Math.Round(verdicts.Average(v => v.ReferenceLength), 1),
            };
        }

        var grades = results.Select(r => r.Grade).OfType<ChatGrade>().ToList();
        return new Dictionary<string, object>
        {
            ["judged"] = grades.Count,
            ["not_judged"] = failed,
            ["mean_score"] = grades.Count == 0 ? 0 : Math.Round(grades.Average(g => g.Score), 3),
            ["grader"] = grades.FirstOrDefault()?.Grader ?? string.Empty,
        };
    }

    /// <summary>One question's judgement: a verdict, a grade, or why there is neither.</summary>
    private sealed record JudgedQuestion(string QuestionId, string Category, PairwiseVerdict? Verdict, ChatGrade? Grade, string? Error);
}
