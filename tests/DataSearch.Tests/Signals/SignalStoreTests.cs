using DataSearch.Errors;
using DataSearch.Progress;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Signals;

public class SignalStoreTests
{
    private sealed class CountingProvider(string key) : ISignalProvider
    {
        public int Calls { get; private set; }

        public string Name => "counting";

        public int Version => 1;

        public string Key(SignalInput input) => key;

        public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
        {
            Calls++;
            var values = Enumerable.Range(0, input.Pool.Count).Select(i => i * 1.5f).ToArray();
            values[0] = float.NaN;
            return new SignalBlock(Name, Version, key, [SignalColumn.OfScores("c", values), SignalColumn.OfClusters("k", [.. Enumerable.Range(0, input.Pool.Count)])], [1, 2, 3, 4, 5, 6], 2);
        }
    }

    private static readonly DataSearch.Pool.SamplePool Pool = PoolMaker.Make(("a", "b"), ("c", "d"), ("e", "f"));

    [Fact]
    public void Blocks_round_trip_and_are_reused_until_the_key_changes()
    {
        using var folder = new TempFolder();
        var store = new SignalStore(folder.Path);
        var provider = new CountingProvider("k1");
        var input = new SignalInput(Pool, "pool-a", []);
        var (first, outcomes) = store.Compute(input, [provider]);
        Assert.False(outcomes[0].Reused);
        var (second, again) = store.Compute(input, [provider]);
        Assert.True(again[0].Reused);
        Assert.Equal(1, provider.Calls);
        Assert.Equal(first.Scores("c"), second.Scores("c"));
        Assert.True(float.IsNaN(second.Scores("c")[0]));
        Assert.Equal([0, 1, 2], second.Clusters("k"));
        Assert.Equal([1f, 2, 3, 4, 5, 6], second.Vectors("counting")!.Value.Vectors);

        var changed = new CountingProvider("k2");
        Assert.False(store.Compute(input, [changed]).Outcomes[0].Reused);
        Assert.False(store.Compute(new SignalInput(Pool, "pool-b", []), [changed]).Outcomes[0].Reused);
    }

    [Fact]
    public void Signals_of_another_pool_are_reported_stale_not_loaded()
    {
        using var folder = new TempFolder();
        var store = new SignalStore(folder.Path);
        store.Compute(new SignalInput(Pool, "pool-a", []), [new ExactDuplicates()]);
        var (signals, stale) = store.Load("pool-b", Pool.Count);
        Assert.Empty(signals.Names);
        Assert.Single(stale);
        Assert.Single(store.Load("pool-a", Pool.Count).Signals.Names);
    }

    [Fact]
    public void A_damaged_file_is_reported_as_corrupt()
    {
        using var folder = new TempFolder();
        var store = new SignalStore(folder.Path);
        store.Compute(new SignalInput(Pool, "pool-a", []), [new CountingProvider("k")]);
        var path = store.PathOf("counting");
        var bytes = File.ReadAllBytes(path);
        bytes[^12] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<CorruptDataException>(() => store.Load("pool-a", Pool.Count));
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        File.WriteAllBytes(path, bytes[..^40]);
        Assert.Throws<CorruptDataException>(() => store.Load("pool-a", Pool.Count));
    }

    [Fact]
    public void Missing_signals_name_what_is_available()
    {
        var set = new SignalSet(3, [new CountingProvider("k").Compute(new SignalInput(Pool, "p", []), null, default)]);
        var error = Assert.Throws<MissingSignalException>(() => set.Scores("ifd"));
        Assert.Contains("'ifd'", error.Message, StringComparison.Ordinal);
        Assert.Contains("c", error.Message, StringComparison.Ordinal);
        Assert.Contains("signals compute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Target_sets_read_autoselection_layouts_and_report_bad_lines()
    {
        using var folder = new TempFolder();
        folder.Write("gsm8k.jsonl", "{\"question\": \"Tom has 3 apples\", \"answer\": \"#### 3\"}\n");
        folder.Write("gpqa.jsonl", "{\"Question\": \"Which orbital?\", \"Correct Answer\": \"2p\", \"Canary String\": \"BENCHMARK DATA\", \"Incorrect Answer 1\": \"3d\"}\n");
        folder.Write("chat.jsonl", "{\"messages\": [{\"role\": \"user\", \"content\": \"rev abc\"}, {\"role\": \"assistant\", \"content\": \"cba\"}]}\n");
        var sets = TargetSetReader.ReadFolder(folder.Path);
        Assert.Equal(["chat", "gpqa", "gsm8k"], sets.Select(s => s.Name));
        Assert.Equal("rev abc\ncba", sets[0].Texts[0]);
        Assert.DoesNotContain("BENCHMARK DATA", sets[1].Texts[0], StringComparison.Ordinal);
        Assert.Contains("2p", sets[1].Texts[0], StringComparison.Ordinal);
        Assert.Equal("rev abc", TargetSetReader.ReadFolder(folder.Path, questionsOnly: true)[0].Texts[0]);

        folder.Write("gsm8k.jsonl", "{\"question\": \"ok\"}\n{broken\n");
        var error = Assert.Throws<InvalidInputException>(() => TargetSetReader.ReadFolder(folder.Path));
        Assert.Contains("gsm8k.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Python_style_nan_outside_strings_reads_as_null()
    {
        Assert.Equal("{\"a\": null, \"b\": \"NaN stays\", \"c\": [null, null]}", DataSearch.IO.PythonJson.WithoutNonFiniteLiterals("{\"a\": NaN, \"b\": \"NaN stays\", \"c\": [Infinity, -Infinity]}"));
        Assert.Equal("{\"q\": \"say \\\"NaN\\\"\"}", DataSearch.IO.PythonJson.WithoutNonFiniteLiterals("{\"q\": \"say \\\"NaN\\\"\"}"));
    }
}
