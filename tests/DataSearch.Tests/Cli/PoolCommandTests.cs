using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Pool;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

public class PoolCommandTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("demo", "--help")]
    [InlineData("world", "generate", "--help")]
    [InlineData("eval", "--help")]
    [InlineData("pool", "--help")]
    [InlineData("pool", "import", "--help")]
    [InlineData("pool", "stats", "--help")]
    [InlineData("pool", "validate", "--help")]
    [InlineData("pool", "export", "--help")]
    public void Every_command_has_help(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Usage:", run.Output);
    }

    [Theory]
    [InlineData("pool", "import", "x.jsonl")]
    [InlineData("pool", "import", "x.jsonl", "-o", "p", "--on-error", "ignore")]
    [InlineData("pool", "import", "x.jsonl", "-o", "p", "--format", "csv")]
    [InlineData("pool", "frobnicate")]
    public void Command_line_mistakes_exit_with_2_and_point_to_help(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--help", run.Error);
    }

    [Fact]
    public void Importing_a_broken_file_fails_with_line_numbers_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var output = temp.File("pool");
        var run = CliRunner.Run("pool", "import", Fixtures.Import("broken.jsonl"), "-o", output);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("broken.jsonl:2: malformed JSON", run.Error);
        Assert.Contains("broken.jsonl:3: field 'completion': required field is missing", run.Error);
        Assert.Contains("nothing was written", run.Error);
        Assert.False(Directory.Exists(output));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Skip_policy_imports_the_good_records_and_lists_the_bad_ones()
    {
        using var temp = new TempFolder();
        var output = temp.File("pool");
        var run = CliRunner.Run("pool", "import", Fixtures.Import("broken.jsonl"), "-o", output, "--on-error", "skip");
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("4 record(s) set aside", run.Error);
        Assert.Equal(2, PoolStore.Open(output).Pool.Count);

        var rejects = File.ReadAllLines(Path.Combine(output, "rejects.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2, 3, 4, 5], rejects.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Equal(["malformed_json", "missing_field", "wrong_type", "wrong_type"], rejects.Select(r => r.GetProperty("kind").GetString()));
        Assert.Equal("completion", rejects[1].GetProperty("field").GetString());
        Assert.Equal("{\"prompt\": \"no completion\"}", rejects[1].GetProperty("record").GetString());
    }

    [Fact]
    public void Import_then_stats_reports_sources_and_duplicates()
    {
        using var temp = new TempFolder();
        var output = temp.File("pool");
        var import = CliRunner.Run("pool", "import", Fixtures.Import("t0.jsonl"), Fixtures.Import("alpaca.json"), "-o", output);
        Assert.Equal(ExitCodes.Success, import.ExitCode);
        Assert.Contains("prompt-completion (detected)", import.Output);

        var stats = CliRunner.Run("pool", "stats", output, "--json");
        Assert.Equal(ExitCodes.Success, stats.ExitCode);
        var json = JsonDocument.Parse(stats.Output).RootElement;
        Assert.Equal(7, json.GetProperty("samples").GetInt32());
        Assert.Equal(1, json.GetProperty("exact_duplicates").GetInt32());
        Assert.Equal(["t0", "alpaca"], json.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var table = CliRunner.Run("pool", "stats", output);
        Assert.Contains("exact duplicate conversations", table.Output);
        Assert.Contains("alpaca", table.Output);
    }

    [Fact]
    public void Importing_over_an_existing_pool_needs_force()
    {
        using var temp = new TempFolder();
        var output = temp.File("pool");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("pool", "import", Fixtures.Import("t0.jsonl"), "-o", output).ExitCode);
        var again = CliRunner.Run("pool", "import", Fixtures.Import("gsm8k.jsonl"), "-o", output);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("--force", again.Error);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("pool", "import", Fixtures.Import("gsm8k.jsonl"), "-o", output, "--force").ExitCode);
        Assert.Equal(2, PoolStore.Open(output).Pool.Count);
    }

    [Fact]
    public void Validate_checks_data_files_and_pool_folders()
    {
        var files = CliRunner.Run("pool", "validate", Fixtures.Import("broken_messages.jsonl"));
        Assert.Equal(ExitCodes.Failure, files.ExitCode);
        Assert.Contains("broken_messages.jsonl:3: field 'messages[0].role': unknown role 'robot'", files.Output);

        var good = CliRunner.Run("pool", "validate", Fixtures.Import("alpaca.json"), Fixtures.Import("gsm8k.jsonl"));
        Assert.Equal(ExitCodes.Success, good.ExitCode);

        using var temp = new TempFolder();
        var output = temp.File("pool");
        CliRunner.Run("pool", "import", Fixtures.Import("alpaca.json"), "-o", output);
        var pool = CliRunner.Run("pool", "validate", output);
        Assert.Equal(ExitCodes.Success, pool.ExitCode);
        Assert.Contains("valid pool", pool.Output);
    }

    [Theory]
    [InlineData("out.parquet")]
    [InlineData("out.jsonl")]
    public void Export_writes_a_file_that_imports_back(string name)
    {
        using var temp = new TempFolder();
        var pool = temp.File("pool");
        CliRunner.Run("pool", "import", Fixtures.Import("canonical.jsonl"), Fixtures.Import("sharegpt.json"), "-o", pool);
        var exported = temp.File(name);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("pool", "export", pool, "-o", exported).ExitCode);

        var copy = temp.File("copy");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("pool", "import", exported, "-o", copy).ExitCode);
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(pool, PoolStore.SamplesFile)),
            File.ReadAllBytes(Path.Combine(copy, PoolStore.SamplesFile)));
    }
}
