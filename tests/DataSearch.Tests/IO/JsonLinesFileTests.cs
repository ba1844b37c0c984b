using System.Text.Json;
using DataSearch.IO;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.IO;

public class JsonLinesFileTests
{
    public sealed record Entry(int Thread, int Index, string Text);

    [Fact]
    public void Appends_from_many_threads_at_once_each_land_whole_once_in_the_file_and_the_records()
    {
        using var temp = new TempFolder();
        var path = temp.File("log.jsonl");
        var file = JsonLinesFile<Entry>.Open(path);
        const int Threads = 8;
        const int PerThread = 60;
        using var start = new Barrier(Threads);
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PerThread; i++)
            {
                file.Append(new Entry(thread, i, new string((char)('a' + thread), 200 + i)));
            }
        });

        Assert.Equal(Threads * PerThread, file.Records.Count);
        var lines = File.ReadAllLines(path);
        Assert.Equal(Threads * PerThread, lines.Length);
        var parsed = lines.Select(l => JsonSerializer.Deserialize<Entry>(l)!).ToList();
        Assert.Equal(Threads * PerThread, parsed.Select(e => (e.Thread, e.Index)).Distinct().Count());
        Assert.All(parsed, e => Assert.Equal(new string((char)('a' + e.Thread), 200 + e.Index), e.Text));
        Assert.Equal(parsed.ToHashSet(), JsonLinesFile<Entry>.Open(path).Records.ToHashSet());
    }
}
