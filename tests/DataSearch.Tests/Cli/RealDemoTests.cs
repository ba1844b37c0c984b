using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

public class RealDemoTests
{
    /// <summary>Made-up records in the layouts of the public files the real demo reads (T0, Alpaca, GSM8K, AutoSelection's evaluation files).</summary>
    private static string WriteData(TempFolder temp)
    {
        string Lines(IEnumerable<object> records) => string.Join("\n", records.Select(r => JsonSerializer.Serialize(r))) + "\n";
        void Write(string path, string text)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(temp.File(Path.Combine("data", path)))!);
            File.WriteAllText(temp.File(Path.Combine("data", path)), text);
        }

        Write("t0-train-50k/t0_train_50k.jsonl", Lines(Enumerable.Range(0, 120).Select(i => new { template = "colour", prompt = $"Passage {i}: the kite of child {i} is red. What colour is the kite of child {i}?", completion = $"red, for child {i}" })));
        Write("alpaca-5000/alpaca_5000.json", JsonSerializer.Serialize(Enumerable.Range(0, 60).Select(i => new { instruction = $"Write a short greeting for guest number {i}.", input = "", output = $"Welcome, guest {i}, we are glad you came." })));
        Write("gsm8k/train.jsonl", Lines(Enumerable.Range(0, 60).Select(i => new { question = $"Tom has {i} apples and buys 3 more. How many apples does he have?", answer = $"Tom has {i} + 3 = {i + 3} apples.\n#### {i + 3}" })));
        Write("autoselection-eval/eval/gsm8k_test.jsonl", Lines(Enumerable.Range(0, 12).Select(i => new { question = $"Ann has {i + 100} pears and gets 5 more. How many pears?", answer = $"Ann has {i + 105}.\n#### {i + 105}" })));
        Write("autoselection-eval/eval/mmlu_test.jsonl", Lines(Enumerable.Range(0, 12).Select(i => new { question = $"Which planet is number {i % 4 + 1} from the sun?", subject = "astronomy", choices = new[] { "Mercury", "Venus", "Earth", "Mars" }, answer = (double)(i % 4), split = "test" })));
        Write("autoselection-eval/eval/bbh_test.jsonl", Lines(Enumerable.Range(0, 12).Select(i => new { input = $"Is {i} an even number? Options: (A) yes (B) no", target = i % 2 == 0 ? "(A)" : "(B)", task = "parity", split = "test" })));
        Write("autoselection-eval/target_vector_samples/gsm8k_train_100.jsonl", Lines(Enumerable.Range(0, 5).Select(i => new { question = $"Sam has {i} coins and finds 2. How many coins?", answer = $"#### {i + 2}" })));
        Write("autoselection-eval/target_vector_samples/mmlu_val.jsonl", Lines(Enumerable.Range(0, 5).Select(i => new { question = $"Which gas do plants take in, {i}?", subject = "biology", choices = new[] { "Oxygen", "Carbon dioxide", "Helium", "Neon" }, answer = 1.0, split = "val" })));
        return temp.File("data");
    }

    [Fact]
    public void The_real_data_demo_imports_searches_with_the_proxy_against_its_baselines_and_reports()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        var data = WriteData(temp);
        var run = CliRunner.Run("demo", "--real", "--data", data, "--model", "tiny", "-o", temp.File("real"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error + run.Output);
        Assert.Contains("[4/4] write the report", run.Output, StringComparison.Ordinal);

        var means = JsonDocument.Parse(File.ReadAllText(temp.File("real/compare/compare.json"))).RootElement.GetProperty("methods").EnumerateArray()
            .ToDictionary(m => m.GetProperty("method").GetString()!, m => m.GetProperty("mean").GetDouble());
        var methods = means.Keys;
        Assert.Contains("search", methods);
        Assert.Contains("full_pool", methods);
        Assert.Contains("single:relevance_filter", methods);
        Assert.True(File.Exists(temp.File("real/report.html")));

        // The search screens every source first, so it is never below the best single source beside it.
        var edits = File.ReadLines(temp.File("real/compare/search-seed1/search_log.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("edit").GetString()).ToList();
        Assert.Equal(3, edits.Count(e => e!.StartsWith("screen ", StringComparison.Ordinal)));
        Assert.True(means["search"] >= means["best_single_source"], $"search {means["search"]}, best single source {means["best_single_source"]}");
        var demo = JsonDocument.Parse(File.ReadAllText(temp.File("real/demo.json"))).RootElement;
        Assert.Equal("real", demo.GetProperty("profile").GetString());

        // A folder without the files names each one missing.
        File.Delete(Path.Combine(data, "gsm8k", "train.jsonl"));
        var missing = CliRunner.Run("demo", "--real", "--data", data, "-o", temp.File("other"));
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("gsm8k/train.jsonl", missing.Error, StringComparison.Ordinal);
    }
}
