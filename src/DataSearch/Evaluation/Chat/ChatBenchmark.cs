using System.Text.Json;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Evaluation.Chat;

/// <summary>One open-ended question of a chat benchmark.</summary>
/// <param name="Id">The benchmark's own id (AlpacaEval has none: its position, from 0).</param>
/// <param name="Category">Its category (AlpacaEval's <c>dataset</c>, Arena-Hard's <c>cluster</c>, MT-Bench's <c>category</c>).</param>
/// <param name="Turns">The user turns, in order (two for MT-Bench, one otherwise).</param>
/// <param name="Reference">A reference model's answer per turn, when the benchmark ships one.</param>
/// <param name="ReferenceModel">Who wrote the reference.</param>
public sealed record ChatQuestion(string Id, string Category, IReadOnlyList<string> Turns, IReadOnlyList<string>? Reference = null, string? ReferenceModel = null);

/// <summary>
/// Reads the chat benchmarks in the formats their upstream repositories publish (see docs/chat.md):
/// <list type="bullet">
/// <item>AlpacaEval: one JSON array of <c>{dataset, instruction, output, generator}</c>; the outputs are a
/// reference model's answers (<c>generator</c>).</item>
/// <item>Arena-Hard: JSONL of <c>{question_id, category, cluster, turns: [{content}]}</c>.</item>
/// <item>MT-Bench: JSONL of <c>{question_id, category, turns: [string, string]}</c>; reference answers
/// (<c>{question_id, model_id, choices: [{turns}]}</c>) from a second file by <see cref="WithReferences"/>.</item>
/// </list>
/// The format is recognised from the content; a malformed record is reported with file, line and field.
/// </summary>
public static class ChatBenchmark
{
    /// <summary>The questions of <paramref name="path"/>.</summary>
    public static IReadOnlyList<ChatQuestion> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such benchmark file");
        }

        var text = File.ReadAllText(path);
        return text.TrimStart().StartsWith('[') ? ReadAlpacaEval(path, text) : [.. JsonObjectLines.Read(path).Select(l => Question(path, l.Line, l.Root))];
    }

    /// <summary>
    /// <paramref name="questions"/> with the reference answers of an MT-Bench reference file
    /// (questions without one keep none), read as any answers file (<see cref="ChatAnswers"/>).
    /// </summary>
    public static IReadOnlyList<ChatQuestion> WithReferences(IReadOnlyList<ChatQuestion> questions, string referencePath)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var references = ChatAnswers.ReadRecords(referencePath);
        return [.. questions.Select(q => references.TryGetValue(q.Id, out var r) ? q with { Reference = r.Turns, ReferenceModel = r.Model.Length > 0 ? r.Model : null } : q)];
    }

    private static List<ChatQuestion> ReadAlpacaEval(string path, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException(new InputProblem(InputProblemKind.MalformedJson, new InputLocation(path, (int)(e.LineNumber ?? 0) + 1), $"not JSON: {e.Message}"));
        }

        using (document)
        {
            var questions = new List<ChatQuestion>();
            foreach (var (item, index) in document.RootElement.EnumerateArray().Select((e, i) => (e, i)))
            {
                if (item.ValueKind != JsonValueKind.Object || String(item, "instruction") is not { } instruction)
                {
                    throw new InvalidInputException(new InputProblem(InputProblemKind.MissingField, new InputLocation(path, 0, $"[{index}].instruction"), "expected an object with a string 'instruction' (AlpacaEval format)"));
                }

                var output = String(item, "output");
                questions.Add(new ChatQuestion(index.ToString(System.Globalization.CultureInfo.InvariantCulture), String(item, "dataset") ?? "alpaca_eval", [instruction],
                    output is null ? null : [output], String(item, "generator")));
            }

            return questions;
        }
    }

    private static ChatQuestion Question(string path, int line, JsonElement root)
    {
        var id = Id(path, line, root);
        if (!root.TryGetProperty("turns", out var turns) || turns.ValueKind != JsonValueKind.Array || turns.GetArrayLength() == 0)
        {
            throw Problem(path, line, "turns", "expected a non-empty array of turns (MT-Bench strings or Arena-Hard {content} objects)");
        }

        var texts = new List<string>();
        foreach (var turn in turns.EnumerateArray())
        {
            var content = turn.ValueKind == JsonValueKind.String ? turn.GetString() : turn.ValueKind == JsonValueKind.Object ? String(turn, "content") : null;
            texts.Add(content ?? throw Problem(path, line, "turns", "a turn is neither a string nor an object with a string 'content'"));
        }

        var category = String(root, "cluster") ?? String(root, "category") ?? "chat";
        return new ChatQuestion(id, category, texts);
    }

    private static string Id(string path, int line, JsonElement root) =>
        root.TryGetProperty("question_id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? id.ToString()
            : throw Problem(path, line, "question_id", "expected a string or number question_id");

    private static string? String(JsonElement element, string field) =>
        element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static InvalidInputException Problem(string path, int line, string field, string message) =>
        new(new InputProblem(InputProblemKind.MissingField, new InputLocation(path, line, field), message));
}
