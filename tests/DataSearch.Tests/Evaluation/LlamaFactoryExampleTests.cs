using System.Diagnostics;
using System.Text.Json;
using DataSearch.Search;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Evaluation;

/// <summary>The shipped LLaMA-Factory + vLLM example: its config loads, and its scorer scores (run with python3, no GPU).</summary>
public class LlamaFactoryExampleTests
{
    private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "examples", "llamafactory-vllm");

    [Fact]
    public void The_example_search_config_is_valid_and_runs_its_commands_beside_itself()
    {
        var config = SearchConfig.Read(Path.Combine(Example, "search.yaml"), _ => null);
        Assert.Equal("command", config.Evaluator.Kind);
        Assert.Equal("llamafactory", config.Evaluator.Export);
        Assert.Equal(["llamafactory-cli train {train_config}"], config.Evaluator.Commands.Take(1));
        Assert.Contains("evaluate.py", config.Evaluator.Commands[1]);
        Assert.Equal(Path.GetFullPath(Example), config.Evaluator.WorkingDirectory);
        Assert.Equal("Qwen/Qwen2.5-1.5B", config.Evaluator.Llamafactory.Model);
    }

    [Fact]
    public void The_example_acquisition_config_is_valid_and_trains_and_serves_with_its_scripts()
    {
        var config = DataSearch.Acquisition.AcquisitionConfig.Read(Path.Combine(Example, "ads.yaml"), _ => null);
        Assert.Equal("endpoint", config.Policy.Kind);
        Assert.Contains("train_policy.py", config.Policy.TrainCommand, StringComparison.Ordinal);
        Assert.Contains("load_adapter.sh", config.Policy.ServeCommand, StringComparison.Ordinal);
        Assert.Equal(Path.GetFullPath(Example), config.Policy.CommandDirectory);
        Assert.True(File.Exists(Path.Combine(Example, "train_policy.py")) && File.Exists(Path.Combine(Example, "load_adapter.sh")));
    }

    [PythonFact]
    public void The_policy_trainer_writes_llamafactory_files_and_continues_an_adapter_on_its_base_model()
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.jsonl", "{\"prompt\": \"capital of Veloria?\", \"response\": \"Tamsk\"}\n{\"prompt\": \"rev abc\", \"response\": \"cba\"}\n");
        string Train(string from, string output)
        {
            var run = RunPython(Path.Combine(Example, "train_policy.py"), "--from", from, "--data", data, "--out", output, "--steps", "40", "--seed", "7", "--batch-size", "4", "--learning-rate", "0.0002", "--dry-run");
            Assert.True(run.ExitCode == 0, run.Error);
            return run.Output;
        }

        var first = temp.File("p1");
        Assert.Contains("llamafactory-cli train", Train("Qwen/Qwen2.5-0.5B-Instruct", first), StringComparison.Ordinal);
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "llamafactory", "train.json"))).RootElement;
        Assert.Equal("Qwen/Qwen2.5-0.5B-Instruct", config.GetProperty("model_name_or_path").GetString());
        Assert.Equal(40, config.GetProperty("max_steps").GetInt32());
        Assert.Equal(7, config.GetProperty("seed").GetInt32());
        Assert.Equal(first, config.GetProperty("output_dir").GetString());
        Assert.False(config.TryGetProperty("adapter_name_or_path", out _));
        var rows = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "llamafactory", "policy_data.json"))).RootElement;
        Assert.Equal("Tamsk", rows[0].GetProperty("output").GetString());

        // The next update continues the adapter the first one wrote, on the base model that adapter names.
        File.WriteAllText(Path.Combine(first, "adapter_config.json"), "{\"base_model_name_or_path\": \"Qwen/Qwen2.5-0.5B-Instruct\"}");
        var second = temp.File("p2");
        Train(first, second);
        var next = JsonDocument.Parse(File.ReadAllText(Path.Combine(second, "llamafactory", "train.json"))).RootElement;
        Assert.Equal(first, next.GetProperty("adapter_name_or_path").GetString());
        Assert.Equal("Qwen/Qwen2.5-0.5B-Instruct", next.GetProperty("model_name_or_path").GetString());

        var broken = RunPython(Path.Combine(Example, "train_policy.py"), "--from", "x", "--data", temp.Write("bad.jsonl", "{\"prompt\": 1}\n"), "--out", temp.File("p3"), "--steps", "1", "--dry-run");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("bad.jsonl:1", broken.Error, StringComparison.Ordinal);
    }

    [PythonFact]
    public void The_scorer_extracts_answers_per_benchmark_and_writes_the_result_contract()
    {
        using var temp = new TempFolder();
        var data = Directory.CreateDirectory(temp.File("eval")).FullName;

        // Made-up items in the layouts of AutoSelection's eval files (no real benchmark text).
        File.WriteAllLines(Path.Combine(data, "gsm8k_test.jsonl"),
        [
            """{"question": "Ann has 3 apples and buys 4. How many?", "answer": "3 + 4 = 7\n#### 7"}""",
            """{"question": "A box holds 1,200 pens; 200 are sold. How many are left?", "answer": "#### 1,000"}""",
            """{"question": "What is 6 times 7?", "answer": "#### 42"}""",
        ]);
        File.WriteAllLines(Path.Combine(data, "mmlu_test.jsonl"),
        [
            """{"question": "Which is a prime?", "subject": "math", "choices": ["4", "6", "7", "9"], "answer": 2.0, "split": "test"}""",
            """{"question": "Which is even?", "subject": "math", "choices": ["3", "8", "5", "7"], "answer": 1.0, "split": "test"}""",
        ]);
        File.WriteAllLines(Path.Combine(data, "bbh_test.jsonl"),
        [
            """{"input": "not ( True ) and True is", "target": "False", "task": "boolean_expressions"}""",
            """{"input": "Which option? (A) x (B) y", "target": "(B)", "task": "logical_deduction"}""",
        ]);
        File.WriteAllLines(Path.Combine(data, "gpqa_main.jsonl"),
        [
            """{"question": "Made-up question one?", "correct_answer": "right", "incorrect_answers": ["w1", "w2", "w3"]}""",
        ]);
        File.WriteAllLines(Path.Combine(data, "NLgraph_test.jsonl"),
        [
            """{"index": 0, "question": "Is there a path between node 1 and node 4?", "answer": "The answer is yes.", "task": "connectivity"}""",
            """{"index": 1, "question": "Is there a cycle?", "answer": "No, there is no cycle in this graph.", "task": "cycle"}""",
            """{"index": 2, "question": "Match applicants to jobs.", "answer": "applicant 1: job 2, 2 applicants can find a job.", "task": "matching"}""",
        ]);

        // GPQA shuffles the four answers with a seed fixed per item: find where "right" landed.
        var gpqaLetter = Python("-c", "import sys; sys.path.insert(0, sys.argv[1]); import evaluate as e; print(e.gpqa_choices({'correct_answer': 'right', 'incorrect_answers': ['w1', 'w2', 'w3']}, 0)[1])", Example).Trim();
        var wrongGpqa = gpqaLetter == "A" ? "B" : "A";
        string Prediction(string benchmark, int index, string output) => JsonSerializer.Serialize(new { benchmark, index, output });
        File.WriteAllLines(temp.File("predictions.jsonl"),
        [
            Prediction("gsm8k", 0, "3 + 4 = 7. The answer is 7."),
            Prediction("gsm8k", 1, "1200 - 200 = 1000 pens, so **The answer is 1,000.**"),
            Prediction("gsm8k", 2, "The answer is 48."),
            Prediction("mmlu", 0, "7 is prime. The answer is (C)."),
            Prediction("mmlu", 1, "The answer is A"),
            Prediction("bbh", 0, "not True is False, and False and True is False. The answer is false."),
            Prediction("bbh", 1, "So the answer is (B)."),
            Prediction("gpqa", 0, $"The answer is {wrongGpqa}."),
            Prediction("nlgraph", 0, "Node 1 connects to 3, which connects to 4. The answer is yes."),
            Prediction("nlgraph", 1, "I found the cycle 1-2-3-1. The answer is yes."),
        ]);

        var printed = Python(Path.Combine(Example, "evaluate.py"), "--predictions", temp.File("predictions.jsonl"), "--data", data, "--out", temp.File("result.json"));
        Assert.Contains("1 items without a comparable answer are not scored", printed);
        var benchmarks = JsonDocument.Parse(File.ReadAllText(temp.File("result.json"))).RootElement.GetProperty("benchmarks").EnumerateArray()
            .ToDictionary(b => b.GetProperty("name").GetString()!);
        void Expect(string name, int correct, int items, string kind)
        {
            Assert.Equal(correct, benchmarks[name].GetProperty("correct").GetInt32());
            Assert.Equal(items, benchmarks[name].GetProperty("items").GetInt32());
            Assert.Equal(Math.Round(100.0 * correct / items, 4), benchmarks[name].GetProperty("score").GetDouble(), 4);
            Assert.Equal(kind, benchmarks[name].GetProperty("kind").GetString());
        }

        Expect("gsm8k", 2, 3, "in_distribution");
        Expect("mmlu", 1, 2, "in_distribution");
        Expect("bbh", 2, 2, "in_distribution");
        Expect("gpqa", 0, 1, "in_distribution");
        Expect("nlgraph", 1, 2, "out_of_distribution");

        // The file it wrote is one the command evaluator accepts.
        var (_, objective, _) = DataSearch.Evaluation.ResultFile.Read(temp.File("result.json"));
        Assert.Equal((200.0 / 3 + 50 + 100 + 0) / 4, objective, 3);
    }

    private static string Python(params string[] arguments)
    {
        var run = RunPython(arguments);
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Output;
    }

    private static (int ExitCode, string Output, string Error) RunPython(params string[] arguments)
    {
        var start = new ProcessStartInfo("python3", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}

/// <summary>A fact that needs python3 on PATH; skipped, saying so, without it.</summary>
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "python3")));
        if (!found)
        {
            Skip = "python3 is not on PATH (the example's scorer is a Python script)";
        }
    }
}
