using DataSearch.Models;
using DataSearch.Progress;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Models;

public class TrainingLockTests
{
    private sealed class Reports : IProgress<ProgressReport>
    {
        public List<ProgressReport> Seen { get; } = [];

        public void Report(ProgressReport value)
        {
            lock (Seen)
            {
                Seen.Add(value);
            }
        }
    }

    [Fact]
    public async Task A_run_waits_while_another_process_holds_the_lock_file_and_says_so()
    {
        using var temp = new TempFolder();
        var path = temp.File("training.lock");
        var reports = new Reports();

        // Another process's run, as the kernel sees it: an exclusive hold on the lock file.
        var other = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var started = new ManualResetEventSlim();
        var acquired = new ManualResetEventSlim();
        var ours = Task.Run(() =>
        {
            started.Set();
            using (TrainingLock.WaitForFile(path, reports, CancellationToken.None))
            {
                acquired.Set();
            }
        });
        started.Wait();
        Assert.False(acquired.Wait(TimeSpan.FromSeconds(1.5)), "the run started while the other held the lock");
        other.Dispose();
        Assert.True(acquired.Wait(TimeSpan.FromSeconds(10)), "the run did not start once the other let go");
        await ours;
        Assert.Contains(reports.Seen, r => r.Stage.Contains("another datasearch process", StringComparison.Ordinal));

        // Released: a whole hold (this process's lock, then the file) gets it, also nested (an evaluation and the
        // training inside it), and another "process" gets it once the outermost hold ends.
        using (TrainingLock.Hold(threads: Environment.ProcessorCount, path: path))
        {
            using (TrainingLock.Hold(threads: Environment.ProcessorCount, path: path))
            {
                Assert.Throws<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
            }

            Assert.Throws<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        }

        using var again = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
    }

    [Theory]
    [InlineData(2, null, 2, true)]      // this laptop: two runs of two threads would share its two cores
    [InlineData(1, null, 2, false)]
    [InlineData(2, null, 16, false)]    // a workstation has room for both
    [InlineData(2, "off", 2, false)]
    [InlineData(2, "OFF ", 2, false)]
    [InlineData(1, "on", 16, true)]
    [InlineData(2, "auto", 2, true)]
    public void Runs_take_turns_across_processes_only_where_they_would_share_cores(int threads, string? setting, int processors, bool expected) =>
        Assert.Equal(expected, TrainingLock.AcrossProcesses(threads, setting, processors));
}
