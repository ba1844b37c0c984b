using DataSearch.Checkers;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Evaluation;

public sealed class BenchmarkFilesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("benchmark-files-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    [Fact]
    public void Each_format_is_recognised_and_scored_by_its_checker()
    {
        Write("gsm.jsonl", """{"question": "Tom has 3 apples and buys 4. How many?", "answer": "3 + 4 = 7\n#### 7"}""");
        Write("mmlu.jsonl", """{"question": "2 + 2 = ?", "subject": "math", "choices": ["3", "4", "5", "6"], "answer": 1.0, "split": "test"}""");
        Write("gpqa.jsonl", """{"question": "Which gas do plants take in?", "correct_answer": "Carbon dioxide", "incorrect_answers": ["Oxygen", "Helium", "Neon"], "explanation": NaN}""");
        Write("bbh.jsonl", """{"input": "not ( True ) and ( True ) is", "target": "False", "task": "boolean_expressions"}""", """{"input": "Which date?\nOptions:\n(A) 01/02\n(B) 03/04", "target": "(B)", "task": "date_understanding"}""");
        Write("math.jsonl", """{"problem": "What is $\\frac{2}{4}$ in lowest terms?", "solution": "It is $\\boxed{\\frac{1}{2}}$.", "answer": "\\frac{1}{2}", "level": 1}""");
        Write("graph.jsonl", """{"index": 0, "question": "Is there a path between node 1 and node 2?", "answer": "The answer is yes.", "task": "connectivity"}""");
        Write("own.jsonl", """{"id": "x", "prompt": "rev abc", "answer": "cba"}""");

        var benchmarks = BenchmarkFiles.ReadFolder(folder, new AnswerCheckers()).ToDictionary(b => b.Name);

        Assert.Equal(["bbh", "gpqa", "graph", "gsm", "math", "mmlu", "own"], benchmarks.Keys.Order());
        Assert.Equal("numeric", benchmarks["gsm"].Checker.Name);
        Assert.True(benchmarks["gsm"].Checker.Check("The answer is 7", benchmarks["gsm"].Items[0].Answer));
        var mmlu = benchmarks["mmlu"].Items[0];
        Assert.Equal("2 + 2 = ?\n(A) 3\n(B) 4\n(C) 5\n(D) 6", mmlu.Prompt);
        Assert.True(benchmarks["mmlu"].Checker.Check("(B)", mmlu.Answer));
        var gpqa = benchmarks["gpqa"].Items[0];
        var correctLine = gpqa.Prompt.Split('\n').Single(l => l.EndsWith("Carbon dioxide", StringComparison.Ordinal));
        Assert.True(benchmarks["gpqa"].Checker.Check(correctLine[..3], gpqa.Answer));
        Assert.Equal(5, gpqa.Prompt.Split('\n').Length);
        Assert.True(benchmarks["bbh"].Checker.Check("False", benchmarks["bbh"].Items[0].Answer));
        Assert.True(benchmarks["bbh"].Checker.Check("the answer is (B).", benchmarks["bbh"].Items[1].Answer));
        Assert.True(benchmarks["math"].Checker.Check("\\boxed{\\dfrac{1}{2}}", benchmarks["math"].Items[0].Answer));
        Assert.True(benchmarks["graph"].Checker.Check("yes", benchmarks["graph"].Items[0].Answer));
        Assert.Equal("exact", benchmarks["own"].Checker.Name);
    }

    [Fact]
    public void Gpqa_option_order_depends_on_the_question_and_seed_only()
    {
        var lines = Enumerable.Range(0, 40).Select(i => $$"""{"question": "Question {{i}}?", "correct_answer": "right", "incorrect_answers": ["w1", "w2", "w3"]}""").ToArray();
        var path = Write("gpqa.jsonl", lines);
        var once = BenchmarkFiles.Read(path, new AnswerCheckers());
        var twice = BenchmarkFiles.Read(path, new AnswerCheckers());
        Assert.Equal(once.Items, twice.Items);
        // The right option is not always in one place (a model that always answers A must not score 100).
        Assert.True(once.Items.Select(i => i.Answer).Distinct().Count() >= 3);
        var otherSeed = BenchmarkFiles.Read(path, new AnswerCheckers(), new BenchmarkFileOptions(Seed: 2));
        Assert.NotEqual(once.Items.Select(i => i.Answer), otherSeed.Items.Select(i => i.Answer));
    }

    [Fact]
    public void The_upstream_bbh_file_with_examples_reads_as_one_benchmark()
    {
        var path = Write("logical_deduction.json", """{"canary": "do not train", "examples": [{"input": "Q1 Options: (A) x (B) y", "target": "(A)"}, {"input": "Q2", "target": "(B)"}]}""");
        var benchmark = BenchmarkFiles.Read(path, new AnswerCheckers());
        Assert.Equal("logical_deduction", benchmark.Name);
        Assert.Equal(["(A)", "(B)"], benchmark.Items.Select(i => i.Answer));
        Assert.Equal("choice_or_exact", benchmark.Checker.Name);
    }

    [Fact]
    public void A_limit_draws_the_same_questions_for_a_seed_in_file_order()
    {
        var path = Write("own.jsonl", [.. Enumerable.Range(0, 100).Select(i => $$"""{"prompt": "q{{i}}", "answer": "a{{i}}"}""")]);
        var a = BenchmarkFiles.Read(path, new AnswerCheckers(), new BenchmarkFileOptions(Limit: 10, Seed: 3));
        var b = BenchmarkFiles.Read(path, new AnswerCheckers(), new BenchmarkFileOptions(Limit: 10, Seed: 3));
        var c = BenchmarkFiles.Read(path, new AnswerCheckers(), new BenchmarkFileOptions(Limit: 10, Seed: 4));
        Assert.Equal(10, a.Items.Count);
        Assert.Equal(a.Items, b.Items);
        Assert.NotEqual(a.Items, c.Items);
        Assert.Equal(a.Items.OrderBy(i => int.Parse(i.Prompt[1..], System.Globalization.CultureInfo.InvariantCulture)), a.Items);
    }

    [Fact]
    public void A_named_checker_replaces_the_formats_and_an_unknown_one_is_refused()
    {
        var path = Write("own.jsonl", """{"prompt": "1 + 1", "answer": "2"}""");
        Assert.Equal("numeric", BenchmarkFiles.Read(path, new AnswerCheckers(), new BenchmarkFileOptions(Checker: "numeric")).Checker.Name);
        var error = Assert.Throws<UsageException>(() => BenchmarkFiles.Read(path, new AnswerCheckers(), new BenchmarkFileOptions(Checker: "telepathy")));
        Assert.Contains("no answer checker called 'telepathy'", error.Message);
    }

    [Fact]
    public void Bad_records_are_reported_with_file_line_and_field_all_at_once()
    {
        var path = Write(
            "mmlu.jsonl",
            """{"question": "q1", "choices": ["a", "b"], "answer": 0}""",
            """{"question": "q2", "choices": ["a", "b"], "answer": 7}""",
            """{"question": "", "choices": ["a", "b"], "answer": 1}""",
            "{not json");
        var error = Assert.Throws<InvalidInputException>(() => BenchmarkFiles.Read(path, new AnswerCheckers()));
        Assert.Contains(error.Problems, p => p.Location.Line == 4 && p.Kind == InputProblemKind.MalformedJson);

        var fields = Write("fields.jsonl", """{"question": "q1", "choices": ["a", "b"], "answer": 0}""", """{"question": "q2", "choices": ["a", "b"], "answer": 7}""", """{"question": "", "choices": ["a", "b"], "answer": 1}""");
        error = Assert.Throws<InvalidInputException>(() => BenchmarkFiles.Read(fields, new AnswerCheckers()));
        Assert.Equal(2, error.TotalProblems);
        Assert.Contains(error.Problems, p => p.Location == new InputLocation(fields, 2, "answer") && p.Message.Contains("index (0–1)", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Location == new InputLocation(fields, 3, "question"));

        var unknown = Write("chat.jsonl", """{"instruction": "Write a poem", "output": "..."}""");
        var format = Assert.Throws<InvalidInputException>(() => BenchmarkFiles.Read(unknown, new AnswerCheckers()));
        Assert.Contains("unknown benchmark format (fields: instruction, output)", format.Message);

        var gsm = Write("gsm.jsonl", """{"question": "q", "answer": "#### 4"}""", """{"question": "q2", "answer": "#### four"}""");
        var numeric = Assert.Throws<InvalidInputException>(() => BenchmarkFiles.Read(gsm, new AnswerCheckers()));
        Assert.Contains(numeric.Problems, p => p.Location == new InputLocation(gsm, 2, "answer"));
    }

    [SharedDataFact("autoselection-eval/eval/gsm8k_test.jsonl", "eval-benchmarks/math-500/test.jsonl")]
    public void The_shared_benchmarks_read_whole_with_their_checkers_accepting_their_own_answers()
    {
        var checkers = new AnswerCheckers();
        var expected = new Dictionary<string, (int Items, string Checker)>
        {
            ["gsm8k_test"] = (1319, "numeric"),
            ["mmlu_test"] = (1800, "choice"),
            ["bbh_test"] = (920, "choice_or_exact"),
            ["gpqa_main"] = (448, "choice"),
            ["NLgraph_test"] = (1000, "exact"),
        };
        var benchmarks = BenchmarkFiles.ReadFolder(SharedData.Path("autoselection-eval/eval"), checkers)
            .Append(BenchmarkFiles.Read(SharedData.Path("eval-benchmarks/math-500/test.jsonl"), checkers, new BenchmarkFileOptions(Name: "math500")))
            .Append(BenchmarkFiles.Read(SharedData.Path("eval-benchmarks/bbh/tasks/date_understanding.json"), checkers))
            .ToList();
        expected["math500"] = (500, "math");
        expected["date_understanding"] = (250, "choice_or_exact");
        foreach (var benchmark in benchmarks)
        {
            Assert.Equal(expected[benchmark.Name], (benchmark.Items.Count, benchmark.Checker.Name));
            // A reference answer is right by its own checker, and the first item's answer is not right for every other item.
            Assert.All(benchmark.Items, i => Assert.True(benchmark.Checker.Check(i.Answer, i.Answer), $"{benchmark.Name} {i.Id}: '{i.Answer}'"));
            var rejected = benchmark.Items.Count(i => !benchmark.Checker.Check(benchmark.Items[0].Answer, i.Answer));
            Assert.True(rejected > benchmark.Items.Count / 2, $"{benchmark.Name}: one answer is right for {benchmark.Items.Count - rejected} of {benchmark.Items.Count}");
        }
    }
}
