using System.Text.Json;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Evaluation.Chat;

/// <summary>
/// A model's answers to a chat benchmark: JSONL of <c>{question_id, turns: [string, …], model}</c> (one
/// answer per user turn; the MT-Bench answer and reference files' <c>{question_id, model_id, choices:
/// [{turns}]}</c> shape is read too).
/// </summary>
public static class ChatAnswers
{
    /// <summary>Answers by question id; a malformed line names its file, line and field.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(string path) =>
        ReadRecords(path).ToDictionary(r => r.Key, r => r.Value.Turns, StringComparer.Ordinal);

    /// <summary>
    /// Answers by question id with who wrote them (<c>model</c>, or MT-Bench's <c>model_id</c>; empty when
    /// neither is given); a malformed line names its file, line and field.
    /// </summary>
    public static IReadOnlyDictionary<string, ChatAnswerRecord> ReadRecords(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such answers file");
        }

        var answers = new Dictionary<string, ChatAnswerRecord>(StringComparer.Ordinal);
        foreach (var (number, root) in JsonObjectLines.Read(path))
        {
            if (!root.TryGetProperty("question_id", out var id) || id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                throw Problem(path, number, "question_id", "expected an object with a string or number question_id");
            }

            var turns = root.TryGetProperty("turns", out var t) ? t
                : root.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array && c.GetArrayLength() > 0 && c[0].ValueKind == JsonValueKind.Object && c[0].TryGetProperty("turns", out var ct) ? ct
                : default;
            if (turns.ValueKind != JsonValueKind.Array || turns.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            {
                throw Problem(path, number, "turns", "expected turns: [string, ...] (or choices: [{turns: [...]}])");
            }

            var model = (root.TryGetProperty("model", out var m) || root.TryGetProperty("model_id", out m)) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty;
            if (!answers.TryAdd(id.ToString(), new ChatAnswerRecord(id.ToString(), [.. turns.EnumerateArray().Select(x => x.GetString()!)], model)))
            {
                throw new InvalidInputException(new InputProblem(InputProblemKind.DuplicateId, new InputLocation(path, number, "question_id"), $"question {id} is answered twice"));
            }
        }

        return answers;
    }

    private static InvalidInputException Problem(string path, int line, string field, string message) =>
        new(new InputProblem(InputProblemKind.MissingField, new InputLocation(path, line, field), message));
}
