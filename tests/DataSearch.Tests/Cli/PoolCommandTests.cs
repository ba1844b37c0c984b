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

    /// <summary>A file whose first record is a valid conversation of about <paramref name="megabytes"/> MB, then two small ones.</summary>
    private static string FileWithOneHugeRecord(TempFolder temp, int megabytes)
    {
        var path = temp.File("huge.jsonl");
        using (var file = new StreamWriter(path))
        {
            file.Write("{\"messages\": [{\"role\": \"user\", \"content\": \"");
            var chunk = new string('a', 1 << 20);
            for (var i = 0; i < megabytes; i++)
            {
                file.Write(chunk);
            }

            file.Write("\"}, {\"role\": \"assistant\", \"content\": \"b\"}]}\n");
            file.Write("{\"messages\": [{\"role\": \"user\", \"content\": \"2+2?\"}, {\"role\": \"assistant\", \"content\": \"4\"}]}\n");
            file.Write("{\"messages\": [{\"role\": \"user\", \"content\": \"3+3?\"}, {\"role\": \"assistant\", \"content\": \"6\"}]}\n");
        }

        return path;
    }

    [Fact]
    public void A_record_over_the_size_limit_is_a_located_error_in_import_and_validate_alike()
    {
        using var temp = new TempFolder();

        // 180 MB: one JSON string longer than a JSON writer can hold (about 166 MB), so it must be refused at reading.
        var huge = FileWithOneHugeRecord(temp, 180);
        var fail = CliRunner.Run("pool", "import", huge, "-o", temp.File("pool"));
        Assert.Equal(ExitCodes.Failure, fail.ExitCode);
        Assert.Contains("huge.jsonl:1: record of 180 MiB is longer than the limit of 64 MiB", fail.Error);
        Assert.False(Directory.Exists(temp.File("pool")));

        var skip = CliRunner.Run("pool", "import", huge, "-o", temp.File("pool"), "--on-error", "skip");
        Assert.True(skip.ExitCode == ExitCodes.Success, skip.Error);
        Assert.Equal(2, PoolStore.Open(temp.File("pool")).Pool.Count);
        var reject = JsonDocument.Parse(Assert.Single(File.ReadAllLines(temp.File("pool/rejects.jsonl")))).RootElement;
        Assert.Equal("record_too_large", reject.GetProperty("kind").GetString());
        Assert.Equal(1, reject.GetProperty("line").GetInt32());

        var validate = CliRunner.Run("pool", "validate", huge);
        Assert.Equal(ExitCodes.Failure, validate.ExitCode);
        Assert.Contains("huge.jsonl:1: record of 180 MiB", validate.Output);
        File.Delete(huge);

        // The limit is the user's to set.
        var small = FileWithOneHugeRecord(temp, 3);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("pool", "validate", small).ExitCode);
        var strict = CliRunner.Run("pool", "validate", small, "--max-record-mib", "2");
        Assert.Equal(ExitCodes.Failure, strict.ExitCode);
        Assert.Contains("huge.jsonl:1: record of 3 MiB is longer than the limit of 2 MiB", strict.Output);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("pool", "validate", small, "--max-record-mib", "0").ExitCode);
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

    [Theory]
    [InlineData("truncated")]
    [InlineData("edited")]
    [InlineData("edited, time stamp kept")]
    [InlineData("deleted")]
    public void Stats_refuses_a_pool_whose_samples_file_changed_after_import(string change)
    {
        using var temp = new TempFolder();
        var output = temp.File("pool");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("pool", "import", Fixtures.Import("t0.jsonl"), Fixtures.Import("alpaca.json"), "-o", output).ExitCode);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("pool", "stats", output).ExitCode);
        var samples = Path.Combine(output, PoolStore.SamplesFile);
        var stamp = File.GetLastWriteTimeUtc(samples);
        var text = File.ReadAllText(samples);
        switch (change)
        {
            case "truncated":
                File.WriteAllText(samples, text[..(text.Length / 2)]);
                break;
            case "deleted":
                File.Delete(samples);
                break;
            default:
                // Same length: one letter of the first sample's text changed.
                var at = text.IndexOf("\"content\": \"", StringComparison.Ordinal) + 12;
                File.WriteAllText(samples, text[..at] + (text[at] == 'Q' ? 'R' : 'Q') + text[(at + 1)..]);
                if (change.EndsWith("kept", StringComparison.Ordinal))
                {
                    File.SetLastWriteTimeUtc(samples, stamp);
                }

                break;
        }

        var stats = CliRunner.Run("pool", "stats", output, "--json");
        Assert.NotEqual(ExitCodes.Success, stats.ExitCode);
        Assert.Contains(PoolStore.SamplesFile, stats.Error);
        Assert.Equal(string.Empty, stats.Output);
        Assert.Equal(ExitCodes.Failure, CliRunner.Run("pool", "validate", output).ExitCode);
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
