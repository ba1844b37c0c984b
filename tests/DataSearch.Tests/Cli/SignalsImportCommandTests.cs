using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

public class SignalsImportCommandTests
{
    [Fact]
    public void Imported_scores_drive_a_filter_and_survive_signals_compute()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("data.jsonl"), Enumerable.Range(0, 40).Select(i =>
            JsonSerializer.Serialize(new { instruction = $"Say the number {i} in words.", input = "", output = $"number {i}" })));
        var import = CliRunner.Run("pool", "import", temp.File("data.jsonl"), "-o", temp.File("pool"));
        Assert.True(import.ExitCode == ExitCodes.Success, import.Error);
        var ids = File.ReadLines(temp.File("pool/samples.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sample_id").GetString()!).ToList();

        // A reward model scored 30 of the 40 samples; the ten best are those it scored highest.
        File.WriteAllLines(temp.File("reward.jsonl"), ids.Take(30).Select((id, i) => JsonSerializer.Serialize(new { sample_id = id, reward = (double)i })));
        var imported = CliRunner.Run("signals", "import", temp.File("reward.jsonl"), "--name", "reward", "--pool", temp.File("pool"));
        Assert.True(imported.ExitCode == ExitCodes.Success, imported.Error);
        Assert.Contains("75.0%", imported.Output);
        Assert.Contains("10 of the pool's 40 samples have no score", imported.Error);

        var computed = CliRunner.Run("signals", "compute", "--pool", temp.File("pool"), "--no-model");
        Assert.True(computed.ExitCode == ExitCodes.Success, computed.Error);

        var recipe = temp.Write("best.yaml", """
            name: best
            steps:
              - op: score_filter
                params: {signal: reward, min: 20}
            """);
        var run = CliRunner.Run("recipe", "run", recipe, "--pool", temp.File("pool"), "-o", temp.File("best"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(ids.Skip(20).Take(10).Order(StringComparer.Ordinal), File.ReadAllLines(temp.File("best/subset.ids")).Order(StringComparer.Ordinal));

        // A name that a computed column already has is refused; a bad record writes nothing.
        var clash = CliRunner.Run("signals", "import", temp.File("reward.jsonl"), "--name", "chars", "--pool", temp.File("pool"));
        Assert.NotEqual(ExitCodes.Success, clash.ExitCode);
        Assert.Contains("'chars' is already a column of", clash.Error);
        File.AppendAllText(temp.File("reward.jsonl"), JsonSerializer.Serialize(new { sample_id = "unknown-id", reward = 1.0 }) + "\n");
        var bad = CliRunner.Run("signals", "import", temp.File("reward.jsonl"), "--name", "reward2", "--pool", temp.File("pool"));
        Assert.NotEqual(ExitCodes.Success, bad.ExitCode);
        Assert.Contains("reward.jsonl:31", bad.Error);
        Assert.False(File.Exists(temp.File("pool/signals/import-reward2.sig")));
    }

    [Fact]
    public void A_scoring_command_reads_the_pool_and_its_scores_become_a_signal()
    {
        using var temp = new TempFolder();
        File.WriteAllLines(temp.File("data.jsonl"), Enumerable.Range(0, 12).Select(i =>
            JsonSerializer.Serialize(new { instruction = $"Count to {i}.", input = "", output = string.Join(' ', Enumerable.Range(1, i + 1)) })));
        Assert.Equal(ExitCodes.Success, CliRunner.Run("pool", "import", temp.File("data.jsonl"), "-o", temp.File("pool")).ExitCode);

        // The user's script: scores each sample by its line number in the exported pool.
        const string Script = """awk -F'"' '{ printf "{\"sample_id\": \"%s\", \"order\": %d}\n", $4, NR }' {pool_file} > {scores}""";
        var run = CliRunner.Run("signals", "compute", "--pool", temp.File("pool"), "--command", Script, "--name", "order");
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        var ids = File.ReadLines(temp.File("pool/samples.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sample_id").GetString()!).ToList();
        var shown = CliRunner.Run("signals", "show", "--pool", temp.File("pool"));
        Assert.Contains("order", shown.Output);
        var recipe = temp.Write("first.yaml", """
            name: first
            steps:
              - op: score_filter
                params: {signal: order, max: 3}
            """);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("recipe", "run", recipe, "--pool", temp.File("pool"), "-o", temp.File("first")).ExitCode);
        Assert.Equal(ids.Take(3).Order(StringComparer.Ordinal), File.ReadAllLines(temp.File("first/subset.ids")).Order(StringComparer.Ordinal));

        var failing = CliRunner.Run("signals", "compute", "--pool", temp.File("pool"), "--command", "echo broken >&2; exit 3", "--name", "broken");
        Assert.NotEqual(ExitCodes.Success, failing.ExitCode);
        Assert.Contains("exited with 3", failing.Error);
        Assert.Contains("broken", failing.Error);
        var unknown = CliRunner.Run("signals", "compute", "--pool", temp.File("pool"), "--command", "cat {pool} > {scores}", "--name", "x");
        Assert.Contains("unknown placeholder(s) {pool}", unknown.Error);
        var slurmAlone = CliRunner.Run("signals", "compute", "--pool", temp.File("pool"), "--slurm");
        Assert.Equal(ExitCodes.Usage, slurmAlone.ExitCode);
        Assert.Contains("--slurm runs a scoring --command", slurmAlone.Error);
    }
}
