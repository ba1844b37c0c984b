using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using DataSearch.Checkers;
using DataSearch.Errors;
using DataSearch.IO;
using DataSearch.Randomness;

namespace DataSearch.Evaluation;

/// <summary>
/// Reads benchmark files as public benchmarks ship them — GSM8K, MMLU, GPQA, BIG-Bench Hard, MATH-500,
/// free-text question/answer (NLGraph) and DataSearch's own <c>prompt</c>/<c>answer</c> — recognising the
/// format from the first record (<see cref="BenchmarkFormat"/>) and giving each benchmark the checker its
/// format calls for. Every record must have its format's fields; problems are reported with file, line
/// and field, all of them at once.
/// </summary>
public static class BenchmarkFiles
{
    /// <summary>The file name endings read from a folder.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jsonl", ".json"];

    /// <summary>Reads every benchmark file of <paramref name="folder"/> (<c>*.jsonl</c>, <c>*.json</c>), in name order, with default options.</summary>
    public static IReadOnlyList<Benchmark> ReadFolder(string folder, AnswerCheckers checkers)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{folder}: no such benchmark folder");
        }

        var files = FilesIn(folder);
        return files.Count > 0
            ? [.. files.Select(f => Read(f, checkers))]
            : throw new UsageException($"{folder}: no benchmark files (*.jsonl or *.json)");
    }

    /// <summary>The benchmark files of <paramref name="folder"/> (<see cref="Extensions"/>), in name order.</summary>
    public static IReadOnlyList<string> FilesIn(string folder) =>
        [.. Directory.GetFiles(folder).Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)];

    /// <summary>Reads one benchmark file.</summary>
    public static Benchmark Read(string path, AnswerCheckers checkers, BenchmarkFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkers);
        options ??= new BenchmarkFileOptions();
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such benchmark file");
        }

        var records = Records(path);
        if (records.Count == 0)
        {
            throw new InvalidInputException(new InputProblem(InputProblemKind.MissingField, new InputLocation(path, 0), "no questions in the file"));
        }

        var format = Detect(records[0].Record) ?? throw new InvalidInputException(new InputProblem(
            InputProblemKind.UnknownFormat,
            new InputLocation(path, records[0].Line),
            $"unknown benchmark format (fields: {string.Join(", ", records[0].Record.EnumerateObject().Select(p => p.Name))}); expected prompt+answer, question+answer (GSM8K: '#### N'), question+choices+answer (MMLU), question+correct_answer+incorrect_answers (GPQA), input+target (BBH) or problem+answer (MATH)"));
        var name = options.Name ?? Path.GetFileNameWithoutExtension(path);
        var items = new List<BenchmarkItem>(records.Count);
        var problems = new List<InputProblem>();
        foreach (var (record, line) in records)
        {
            try
            {
                var (prompt, answer) = Item(format, record, options.Seed);
                items.Add(new BenchmarkItem($"{name}-{items.Count:D5}", prompt, answer));
            }
            catch (FieldException e)
            {
                problems.Add(new InputProblem(e.Kind, new InputLocation(path, line, e.Field), e.Message));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException([.. problems.Take(20)], problems.Count);
        }

        var checkerName = options.Checker ?? CheckerName(format);
        var checker = checkers.Find(checkerName) ?? throw new UsageException($"{path}: no answer checker called '{checkerName}'; known: {string.Join(", ", checkers.Names)}");
        return new Benchmark(name, options.Kind, Limit(items, options), checker);
    }

    /// <summary>The format a record has, or null when none fits.</summary>
    public static BenchmarkFormat? Detect(JsonElement record)
    {
        bool Has(string field) => record.ValueKind == JsonValueKind.Object && record.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;
        return (Has("prompt"), Has("question"), Has("answer")) switch
        {
            (true, _, true) => BenchmarkFormat.Canonical,
            (_, true, _) when Has("choices") && Has("answer") => BenchmarkFormat.Mmlu,
            (_, true, _) when Has("correct_answer") && Has("incorrect_answers") => BenchmarkFormat.Gpqa,
            (_, true, true) when record.GetProperty("answer").ValueKind == JsonValueKind.String && record.GetProperty("answer").GetString()!.Contains("####", StringComparison.Ordinal) => BenchmarkFormat.Gsm8k,
            (_, true, true) => BenchmarkFormat.QuestionAnswer,
            _ when Has("input") && Has("target") => BenchmarkFormat.Bbh,
            _ when Has("problem") && (Has("answer") || Has("solution")) => BenchmarkFormat.Math,
            _ => null,
        };
    }

    /// <summary>The name of the checker a format calls for.</summary>
    public static string CheckerName(BenchmarkFormat format) => format switch
    {
        BenchmarkFormat.Gsm8k => "numeric",
        BenchmarkFormat.Mmlu or BenchmarkFormat.Gpqa => "choice",
        BenchmarkFormat.Bbh => "choice_or_exact",
        BenchmarkFormat.Math => "math",
        _ => "exact",
    };

    private static (string Prompt, string Answer) Item(BenchmarkFormat format, JsonElement record, ulong seed)
    {
        switch (format)
        {
            case BenchmarkFormat.Canonical:
                return (Text(record, "prompt"), Text(record, "answer"));
            case BenchmarkFormat.Gsm8k:
                var reasoning = Text(record, "answer");
                return NumericAnswerChecker.Expected(reasoning) is null
                    ? throw new FieldException("answer", InputProblemKind.WrongType, "expected a GSM8K answer ending in '#### N' (a number)")
                    : (Text(record, "question"), reasoning);
            case BenchmarkFormat.QuestionAnswer:
                return (Text(record, "question"), Text(record, "answer"));
            case BenchmarkFormat.Bbh:
                return (Text(record, "input"), Text(record, "target"));
            case BenchmarkFormat.Math:
                var answer = record.TryGetProperty("answer", out var given) && given.ValueKind == JsonValueKind.String
                    ? given.GetString()!
                    : MathAnswerChecker.Boxed(Text(record, "solution")) ?? throw new FieldException("solution", InputProblemKind.MissingField, "expected an 'answer', or a solution with \\boxed{…}");
                return (Text(record, "problem"), answer);
            case BenchmarkFormat.Mmlu:
                var choices = Strings(record, "choices");
                var index = ChoiceIndex(record.GetProperty("answer"), choices.Count);
                return (Options(Text(record, "question"), choices), Letter(index));
            case BenchmarkFormat.Gpqa:
                var question = Text(record, "question");
                var options = new List<string> { Text(record, "correct_answer").Trim() };
                options.AddRange(Strings(record, "incorrect_answers").Select(o => o.Trim()));
                var order = Enumerable.Range(0, options.Count).ToList();
                new DeterministicRandom(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(question), unchecked((long)seed))).Shuffle(order);
                return (Options(question, [.. order.Select(i => options[i])]), Letter(order.IndexOf(0)));
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>The question followed by its options as <c>(A) …</c> lines.</summary>
    public static string Options(string question, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var text = new StringBuilder(question.TrimEnd());
        for (var i = 0; i < choices.Count; i++)
        {
            text.Append('\n').Append('(').Append(Letter(i)).Append(") ").Append(choices[i]);
        }

        return text.ToString();
    }

    private static string Letter(int index) => ((char)('A' + index)).ToString();

    private static int ChoiceIndex(JsonElement answer, int choices)
    {
        int? index = answer.ValueKind switch
        {
            JsonValueKind.Number when answer.TryGetDouble(out var number) && number == Math.Floor(number) => (int)number,
            JsonValueKind.String when answer.GetString() is { Length: 1 } letter && char.IsAsciiLetterUpper(letter[0]) => letter[0] - 'A',
            JsonValueKind.String when int.TryParse(answer.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        return index is { } i && i >= 0 && i < choices
            ? i
            : throw new FieldException("answer", InputProblemKind.WrongType, $"expected the index (0–{choices - 1}) or letter of one of the {choices} choices");
    }

    private static string Text(JsonElement record, string field) =>
        record.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text)
            ? text
            : throw new FieldException(field, value.ValueKind == JsonValueKind.Undefined ? InputProblemKind.MissingField : InputProblemKind.WrongType, "expected non-empty text");

    private static List<string> Strings(JsonElement record, string field) =>
        record.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() >= 2
            && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? [.. value.EnumerateArray().Select(v => v.GetString()!)]
            : throw new FieldException(field, value.ValueKind == JsonValueKind.Undefined ? InputProblemKind.MissingField : InputProblemKind.WrongType, "expected a list of at least two strings");

    private static List<BenchmarkItem> Limit(List<BenchmarkItem> items, BenchmarkFileOptions options)
    {
        if (options.Limit is not { } limit || limit >= items.Count)
        {
            return items;
        }

        if (limit < 1)
        {
            throw new UsageException($"benchmark {options.Name}: limit must be at least 1");
        }

        var order = Enumerable.Range(0, items.Count).ToList();
        new DeterministicRandom(options.Seed ^ 0xB3AC_0001UL).Shuffle(order);
        return [.. order.Take(limit).Order().Select(i => items[i])];
    }

    /// <summary>The file's records with their lines: JSON Lines, or one JSON document holding an array or BBH's <c>{"examples": […]}</c>.</summary>
    private static List<(JsonElement Record, long Line)> Records(string path)
    {
        var records = new List<(JsonElement, long)>();
        var problems = new List<InputProblem>();
        var text = File.ReadAllText(path);
        var trimmed = text.TrimStart();
        if (Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith('['))
        {
            try
            {
                var root = JsonDocument.Parse(PythonJson.WithoutNonFiniteLiterals(text)).RootElement;
                var list = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("examples", out var examples) ? examples : root;
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidInputException(new InputProblem(InputProblemKind.WrongType, new InputLocation(path, 1), "expected a list of records, or an object with 'examples'"));
                }

                records.AddRange(list.EnumerateArray().Select((r, i) => (r, (long)i + 1)));
                return records;
            }
            catch (JsonException e)
            {
                throw new InvalidInputException(new InputProblem(InputProblemKind.MalformedJson, new InputLocation(path, (e.LineNumber ?? -1) + 1), $"malformed JSON: {e.Message}"));
            }
        }

        var line = 0L;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw))
            {
                continue;
            }

            try
            {
                var record = JsonDocument.Parse(PythonJson.WithoutNonFiniteLiterals(raw)).RootElement;
                if (record.ValueKind == JsonValueKind.Object)
                {
                    records.Add((record, line));
                }
                else
                {
                    problems.Add(new InputProblem(InputProblemKind.WrongType, new InputLocation(path, line), "expected a JSON object"));
                }
            }
            catch (JsonException e)
            {
                problems.Add(new InputProblem(InputProblemKind.MalformedJson, new InputLocation(path, line), $"malformed JSON: {e.Message}"));
            }
        }

        return problems.Count == 0 ? records : throw new InvalidInputException([.. problems.Take(20)], problems.Count);
    }

    /// <summary>A field of one record that does not hold what its format needs.</summary>
    private sealed class FieldException(string field, InputProblemKind kind, string message) : Exception(message)
    {
        public string Field { get; } = field;

        public InputProblemKind Kind { get; } = kind;
    }
}
