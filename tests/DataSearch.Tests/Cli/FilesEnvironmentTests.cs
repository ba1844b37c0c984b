using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Cli;

/// <summary>
/// The whole flow on a user's own files — pool import, signals with a scoring model pre-trained on that
/// pool, search and compare with <c>environment: {kind: files}</c> and benchmark files, acquisition with
/// tasks from the pool and a teacher behind an endpoint — run with the built-in world forbidden
/// (<see cref="WorldAccess"/>): any read of it fails the flow.
/// </summary>
[Collection(nameof(ModelCollection))]
public class FilesEnvironmentTests
{
    private static void WriteUserData(TempFolder temp)
    {
        // Two sources of instruction data (Alpaca's fields), benchmarks in GSM8K's and MMLU's shapes, a corpus.
        File.WriteAllLines(temp.File("arith.jsonl"), Enumerable.Range(0, 150).Select(i =>
            JsonSerializer.Serialize(new { instruction = $"What is {i} plus {i % 7}?", input = "", output = $"{i + (i % 7)}" })));
        File.WriteAllLines(temp.File("shout.jsonl"), Enumerable.Range(0, 150).Select(i =>
            JsonSerializer.Serialize(new { instruction = $"Write in capitals: word{i} and more", input = "", output = $"WORD{i} AND MORE" })));
        Directory.CreateDirectory(temp.File("benchmarks"));
        File.WriteAllLines(temp.File("benchmarks/sums.jsonl"), Enumerable.Range(0, 12).Select(i =>
            JsonSerializer.Serialize(new { question = $"Tom has {i} apples and finds {i + 3} more. How many apples?", answer = $"{i} + {i + 3} = {(2 * i) + 3}\n#### {(2 * i) + 3}" })));
        File.WriteAllLines(temp.File("benchmarks/quiz.jsonl"), Enumerable.Range(0, 12).Select(i =>
            JsonSerializer.Serialize(new { question = $"Which is larger than {i}?", choices = new[] { $"{i - 1}", $"{i + 1}", $"{i - 2}", $"{i - 3}" }, answer = 1.0 })));
        File.WriteAllLines(temp.File("corpus.jsonl"), Enumerable.Range(0, 20).Select(i =>
            JsonSerializer.Serialize(new { title = $"Number {i}", text = $"The number {i} follows {i - 1} and comes before {i + 1}. Adding {i} to itself gives {2 * i}." })));
        WriteScorer(temp);
    }

    /// <summary>A scorer standing in for training: a subset's score grows with its size (the flow, not the score, is under test).</summary>
    private static void WriteScorer(TempFolder temp) => File.WriteAllText(temp.File("score.sh"), """
        #!/bin/sh
        n=$(grep -c . "$1")
        awk -v n="$n" 'BEGIN { printf "{\"benchmarks\": [{\"name\": \"size\", \"score\": %.6f}]}\n", 100 * n / (n + 100) }' > "$2"
        """);

    private static string SearchSettings(int budget) => $$"""

        max_evaluations: {{budget}}
        n_lhs_seeds: 2
        candidates_per_round: 10
        model: tiny
        evaluator:
          kind: command
          commands:
            - sh score.sh {subset_ids} {result}
        """;

    private const string Environment = """
        environment:
          kind: files
          pool: pool
          corpus: corpus.jsonl
          benchmarks:
            - path: benchmarks
        """;

    [Fact]
    public void Import_signals_search_compare_and_acquire_run_on_files_without_touching_the_world()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        WriteUserData(temp);
        var search = temp.Write("search.yaml", Environment + SearchSettings(budget: 4));
        // The teacher is a program of the user's: one JSON request in, one JSON reply out.
        File.WriteAllText(temp.File("teacher.sh"), """
            #!/bin/sh
            request=$(cat)
            echo "$request" >> teacher-requests.log
            case "$request" in
              *'"kind":"answer"'*) printf '{"answer": "42"}\n' ;;
              *) printf '{"pairs": [{"question": "What is 1 plus 1?", "answer": "2"}, {"question": "What is 2 plus 1?", "answer": "3"}]}\n' ;;
            esac
            """);
        var acquire = temp.Write("ads.yaml", Environment + """

              tasks_group_by: source
            teacher: command
            teacher_command: sh teacher.sh
            optimizer: heuristic
            model: tiny
            iterations: 1
            tasks_per_iteration: 2
            trajectories_per_task: 2
            policy:
              seed_samples: 40
              seed_steps: 3
              update_steps: 2
              policy_steps: 2
              batch_size: 4
            """);
        var generated = CliRunner.Run("world", "generate", "--seed", "3", "--small", "-o", temp.File("world"));
        Assert.True(generated.ExitCode == ExitCodes.Success, generated.Error);

        using (WorldAccess.Forbid("a files environment must not read the built-in world"))
        {
            var import = CliRunner.Run("pool", "import", temp.File("arith.jsonl"), temp.File("shout.jsonl"), "-o", temp.File("pool"));
            Assert.True(import.ExitCode == ExitCodes.Success, import.Error);

            // Signals for the search's own environment: the search then finds every one of them cached.
            var signals = CliRunner.Run("signals", "compute", "--environment", search, "--model", "tiny");
            Assert.True(signals.ExitCode == ExitCodes.Success, signals.Error);
            Assert.Contains("pre-trained on the files environment's text", signals.Error);
            var computed = Directory.GetFiles(temp.File("pool/signals")).ToDictionary(f => f, File.GetLastWriteTimeUtc);

            var searched = CliRunner.Run("search", "--config", search, "-o", temp.File("run"));
            Assert.True(searched.ExitCode == ExitCodes.Success, searched.Error);
            Assert.Equal(computed, Directory.GetFiles(temp.File("pool/signals")).ToDictionary(f => f, File.GetLastWriteTimeUtc));
            Assert.Contains("scoring model loaded from cache", searched.Error);
            Assert.True(File.Exists(temp.File("run/best_recipe.yaml")) || Directory.GetFiles(temp.File("run")).Length > 3);

            var compared = CliRunner.Run("compare", "--config", search, "--seeds", "1", "-o", temp.File("compare"));
            Assert.True(compared.ExitCode == ExitCodes.Success, compared.Error);
            var methods = JsonDocument.Parse(File.ReadAllText(temp.File("compare/compare.json"))).RootElement.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("method").GetString()).ToList();
            Assert.DoesNotContain("oracle", methods);

            var acquired = CliRunner.Run("acquire", "-c", acquire, "-o", temp.File("ads"));
            Assert.True(acquired.ExitCode == ExitCodes.Success, acquired.Error);
            var evaluation = JsonDocument.Parse(File.ReadAllText(temp.File("ads/results/evaluation_results.json"))).RootElement;
            var tasks = evaluation.GetProperty("task_results").EnumerateArray().Select(t => t.GetProperty("task_id").GetString()).Order().ToList();
            Assert.Equal(["pool-arith", "pool-shout"], tasks);
            Assert.True(File.Exists(temp.File("teacher-requests.log")), "the heuristic's plans call the teacher");

            // The guard is live: the same search on the world environment fails at once.
            var world = temp.Write("world-search.yaml", """
                environment:
                  kind: world
                  path: world
                max_evaluations: 2
                n_lhs_seeds: 2
                model: tiny
                evaluator:
                  kind: command
                  commands:
                    - sh score.sh {subset_ids} {result}
                """);
            var refused = Assert.Throws<InvalidOperationException>(() => CliRunner.Run("search", "--config", world, "-o", temp.File("refused")));
            Assert.Contains("the built-in world was used", refused.Message);
        }
    }

    /// <summary>
    /// The same flow on slices of the real shared data: T0, Alpaca and GSM8K training samples imported as
    /// one pool, the AutoSelection evaluation files (GSM8K, MMLU, BBH, GPQA, NLGraph) as benchmarks, the
    /// Wikipedia sample as corpus, tasks drawn from the pool's sources.
    /// </summary>
    [SharedDataFact("t0-train-50k/t0_train_50k.jsonl", "alpaca-5000/alpaca_5000.json", "gsm8k/train.jsonl", "autoselection-eval/eval/gsm8k_test.jsonl", "wikipedia-good-articles/enwiki_good_articles_sample.jsonl")]
    public void The_flow_runs_on_slices_of_the_real_shared_data_without_touching_the_world()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        File.WriteAllLines(temp.File("t0.jsonl"), File.ReadLines(SharedData.Path("t0-train-50k/t0_train_50k.jsonl")).Take(200));
        File.WriteAllLines(temp.File("gsm8k.jsonl"), File.ReadLines(SharedData.Path("gsm8k/train.jsonl")).Take(200));
        var alpaca = JsonDocument.Parse(File.ReadAllText(SharedData.Path("alpaca-5000/alpaca_5000.json"))).RootElement.EnumerateArray().Take(200).Select(e => e.GetRawText());
        File.WriteAllLines(temp.File("alpaca.jsonl"), alpaca);
        File.WriteAllLines(temp.File("wiki.jsonl"), File.ReadLines(SharedData.Path("wikipedia-good-articles/enwiki_good_articles_sample.jsonl")).Take(30));
        WriteScorer(temp);
        var environment = $"""
            environment:
              kind: files
              pool: pool
              corpus: wiki.jsonl
              corpus_documents: 30
              tasks_group_by: source
              benchmarks:
                - path: {SharedData.Path("autoselection-eval/eval")}
                  limit: 20
            """;
        var search = temp.Write("search.yaml", environment + SearchSettings(budget: 3));
        using var server = new LoopbackServer();
        server.Responder = _ => new(200, LoopbackServer.Completion(JsonSerializer.Serialize(new { answer = "42", pairs = new[] { new { question = "What is 6 times 7?", answer = "42" } } })));
        var acquire = temp.Write("ads.yaml", environment + """

            teacher: llm
            optimizer: heuristic
            model: tiny
            iterations: 1
            tasks_per_iteration: 2
            trajectories_per_task: 1
            policy:
              seed_samples: 40
              seed_steps: 3
              update_steps: 2
              policy_steps: 2
              batch_size: 4
            """);

        using (WorldAccess.Forbid("a files environment must not read the built-in world"))
        {
            var import = CliRunner.Run("pool", "import", temp.File("t0.jsonl"), temp.File("alpaca.jsonl"), temp.File("gsm8k.jsonl"), "-o", temp.File("pool"));
            Assert.True(import.ExitCode == ExitCodes.Success, import.Error);
            var signals = CliRunner.Run("signals", "compute", "--pool", temp.File("pool"), "--model", "tiny");
            Assert.True(signals.ExitCode == ExitCodes.Success, signals.Error);
            var searched = CliRunner.Run("search", "--config", search, "-o", temp.File("run"));
            Assert.True(searched.ExitCode == ExitCodes.Success, searched.Error);
            var compared = CliRunner.Run("compare", "--config", search, "--seeds", "1", "-o", temp.File("compare"));
            Assert.True(compared.ExitCode == ExitCodes.Success, compared.Error);
            var acquired = CliRunner.Run(["acquire", "-c", acquire, "-o", temp.File("ads")], new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.BaseUrl, ["LLM_MODEL"] = "loopback" });
            Assert.True(acquired.ExitCode == ExitCodes.Success, acquired.Error);
        }

        Assert.Contains("environment: files", File.ReadAllText(temp.File("ads/logs/ads.log")));
        // The run is tied to the benchmark files' content: a resume after they change is refused.
        var data = JsonDocument.Parse(File.ReadAllText(temp.File("run/fingerprint.json"))).RootElement.GetProperty("data");
        Assert.Equal(["benchmarks[0]", "corpus", "pool"], data.EnumerateObject().Select(p => p.Name).Order());
    }
}
