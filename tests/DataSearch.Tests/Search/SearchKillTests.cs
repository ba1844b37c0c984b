using System.Diagnostics;
using DataSearch.IO;
using DataSearch.Search;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Search;

/// <summary>
/// A real search process killed with SIGKILL, then resumed. In the model-cache collection: the resumed
/// run sets DATASEARCH_CACHE for this process, which must not overlap other tests doing the same.
/// </summary>
[Collection(nameof(ModelCollection))]
public class SearchKillTests
{
    [Fact]
    public void A_search_killed_with_sigkill_resumes_where_it_stopped()
    {
        using var temp = new TempFolder();
        var world = temp.File("world");
        Assert.Equal(0, CliRunner.Run("world", "generate", "--small", "-o", world).ExitCode);
        Assert.Equal(0, CliRunner.Run("signals", "compute", "--world", world, "--model", "tiny").ExitCode);
        var config = temp.Write("search.yaml", $"world: {world}\nmax_evaluations: 6\nn_lhs_seeds: 2\nmodel: tiny\ncandidates_per_round: 30\nmin_subset_samples: 50\nmin_subset_fraction: 0\n");
        var runFolder = temp.File("run");
        var cli = Path.Combine(AppContext.BaseDirectory, "DataSearch.Cli.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "search", "--config", config, "-o", runFolder]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["DATASEARCH_CACHE"] = temp.File("cache");
        using (var process = Process.Start(start)!)
        {
            var log = Path.Combine(runFolder, "search_log.jsonl");
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (DateTime.UtcNow < deadline && (!File.Exists(log) || File.ReadAllLines(log).Length < 2) && !process.HasExited)
            {
                Thread.Sleep(20);
            }

            Assert.False(process.HasExited, "the search finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var before = JsonLinesFile<SearchRecord>.Open(Path.Combine(runFolder, "search_log.jsonl")).Records.Where(r => r.Objective is not null).Select(r => r.Id).ToList();
        Assert.InRange(before.Count, 1, 5);
        using var cache = ModelCache.UseTemporary();
        var resumed = CliRunner.Run("search", "--resume", runFolder);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resuming", resumed.Error);
        var records = JsonLinesFile<SearchRecord>.Open(Path.Combine(runFolder, "search_log.jsonl")).Records;
        Assert.Equal(6, records.Count(r => r.Objective is not null));
        Assert.Equal(records.Count, records.Select(r => r.Id).Distinct().Count());
        Assert.Equal(before, records.Where(r => r.Objective is not null).Select(r => r.Id).Take(before.Count));
    }
}
