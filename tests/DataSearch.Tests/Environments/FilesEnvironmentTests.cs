using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Environments;

public sealed class FilesEnvironmentTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private EnvironmentSettings Settings()
    {
        File.WriteAllLines(temp.File("data.jsonl"), Enumerable.Range(0, 30).Select(i =>
            JsonSerializer.Serialize(new { instruction = $"Pool instruction number {i}", input = "", output = $"pool answer {i}" })));
        var import = CliRunner.Run("pool", "import", temp.File("data.jsonl"), "-o", temp.File("pool"));
        Assert.True(import.ExitCode == ExitCodes.Success, import.Error);
        File.WriteAllText(temp.File("bench.jsonl"), """{"question": "Benchmark question zebra?", "answer": "secret benchmark answer\n#### 7"}""" + "\n");
        File.WriteAllText(temp.File("corpus.jsonl"), """{"title": "Corpus page", "text": "A corpus sentence about rivers and hills."}""" + "\n");
        return new EnvironmentSettings
        {
            Kind = "files",
            Pool = temp.File("pool"),
            Benchmarks = [new BenchmarkSource { Path = temp.File("bench.jsonl") }],
            Corpus = temp.File("corpus.jsonl"),
        };
    }

    [Fact]
    public void Pre_training_text_is_the_pools_instructions_and_the_corpus_never_a_benchmark()
    {
        var environment = new FilesEnvironment(Settings());
        var text = string.Join("\n", environment.PretrainingText());
        Assert.Contains("Pool instruction number 17", text);
        Assert.Contains("A corpus sentence about rivers and hills.", text);
        Assert.DoesNotContain("zebra", text);
        Assert.DoesNotContain("secret benchmark answer", text);
        Assert.DoesNotContain("pool answer", text); // the pool's responses are what the scoring model scores
        var benchmark = Assert.Single(environment.Benchmarks());
        Assert.Equal(("bench", "numeric"), (benchmark.Name, benchmark.Checker.Name));
        Assert.Null(environment.BuiltInTeacher(0));
    }

    [Fact]
    public void Content_hashes_change_with_the_data_they_cover()
    {
        var settings = Settings();
        var before = new FilesEnvironment(settings).ContentHashes();
        Assert.Equal(["benchmarks[0]", "corpus", "pool"], before.Keys.Order());
        File.AppendAllText(temp.File("bench.jsonl"), """{"question": "Another?", "answer": "#### 1"}""" + "\n");
        var after = new FilesEnvironment(settings).ContentHashes();
        Assert.NotEqual(before["benchmarks[0]"], after["benchmarks[0]"]);
        Assert.Equal(before["pool"], after["pool"]);
        Assert.Equal(before["corpus"], after["corpus"]);
    }

    [Fact]
    public void Every_problem_of_the_settings_is_named_before_anything_is_read()
    {
        var settings = new EnvironmentSettings
        {
            Kind = "files",
            Pool = temp.File("nowhere"),
            Benchmarks = [new BenchmarkSource { Path = temp.File("missing.jsonl"), Kind = "ood", Limit = 0 }],
            TasksGroupBy = "colour",
        };
        var error = Assert.Throws<InvalidConfigurationException>(() => new FilesEnvironment(settings));
        Assert.Contains(error.Problems, p => p.StartsWith("environment.pool:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("environment.benchmarks[0].path:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("environment.benchmarks[0].kind:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("environment.benchmarks[0].limit:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("environment.tasks_group_by:", StringComparison.Ordinal));
        Assert.Contains("environment.kind", Assert.Single(new EnvironmentSettings { Kind = "cloud" }.Problems()));
        Assert.NotEmpty(new EnvironmentSettings { Kind = "world", Path = "w", Pool = "p" }.Problems());
    }
}
