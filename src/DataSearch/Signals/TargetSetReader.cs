using System.Text;
using System.Text.Json;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Signals;

/// <summary>
/// Reads target sets from a folder of JSONL files, one set per file named after its stem. A record's
/// text is the contents of its <c>messages</c> when it has them, otherwise all of its top-level string
/// values and string lists (question, answer, choices, …) except identifiers and bookkeeping fields, so
/// AutoSelection's mixed files (GSM8K, MMLU, BBH, GPQA CSV columns) load unchanged.
/// </summary>
public static class TargetSetReader
{
    private static readonly HashSet<string> IgnoredFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "sample_id", "id", "index", "source_name", "split", "canary string", "canary_string", "record id", "record_id",
    };

    private static readonly string[] QuestionFields = ["prompt", "question", "input", "instruction", "Question", "query"];

    /// <summary>
    /// Reads every <c>*.jsonl</c> file of <paramref name="folder"/>, in name order. With
    /// <paramref name="questionsOnly"/> a record's text is only its question (the first of prompt, question,
    /// input, instruction, query; or its non-assistant messages), as decontamination needs.
    /// </summary>
    public static IReadOnlyList<TargetSet> ReadFolder(string folder, bool questionsOnly = false)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{folder}: no such target folder (expected a folder of JSONL files, one per benchmark)");
        }

        var files = Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new UsageException($"{folder}: no .jsonl target files");
        }

        return [.. files.Select(f => ReadFile(f, questionsOnly))];
    }

    /// <summary>Reads one JSONL file as a target set.</summary>
    public static TargetSet ReadFile(string path, bool questionsOnly = false)
    {
        var texts = new List<string>();
        var problems = new List<InputProblem>();
        var line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(PythonJson.WithoutNonFiniteLiterals(raw));
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new InputProblem(InputProblemKind.WrongType, new InputLocation(path, line), "expected a JSON object"));
                    continue;
                }

                var text = questionsOnly ? QuestionOf(document.RootElement) : TextOf(document.RootElement);
                if (text.Length > 0)
                {
                    texts.Add(text);
                }
            }
            catch (JsonException e)
            {
                problems.Add(new InputProblem(InputProblemKind.MalformedJson, new InputLocation(path, line), $"malformed JSON: {e.Message}"));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException(problems, problems.Count);
        }

        if (texts.Count == 0)
        {
            throw new InvalidInputException(new InputProblem(InputProblemKind.MissingField, new InputLocation(path, 0), "no record with any text: a target set needs at least one question"));
        }

        return new TargetSet(Path.GetFileNameWithoutExtension(path), texts);
    }

    private static string QuestionOf(JsonElement record)
    {
        if (record.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            var text = new StringBuilder();
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) && role.GetString() != "assistant"
                    && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    Append(text, content.GetString());
                }
            }

            return text.ToString();
        }

        foreach (var field in QuestionFields)
        {
            if (record.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString() ?? string.Empty;
            }
        }

        return TextOf(record);
    }

    private static string TextOf(JsonElement record)
    {
        var text = new StringBuilder();
        if (record.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    Append(text, content.GetString());
                }
            }

            return text.ToString();
        }

        foreach (var property in record.EnumerateObject())
        {
            if (IgnoredFields.Contains(property.Name))
            {
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.String)
            {
                Append(text, property.Value.GetString());
            }
            else if (property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in property.Value.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String))
                {
                    Append(text, item.GetString());
                }
            }
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            text.Append(text.Length > 0 ? "\n" : string.Empty).Append(value);
        }
    }
}
