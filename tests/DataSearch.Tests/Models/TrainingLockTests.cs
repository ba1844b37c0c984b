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

    [Fact]
    public async Task Scoring_samples_and_embedding_texts_wait_for_their_turn_like_training()
    {
        using var model = LanguageModel.Create(new GptConfig(Layers: 1, Width: 32, Heads: 2, Context: 24), seed: 1);
        TokenizedExample[] examples = [new([1, 2, 3, 4, 5, 6], 3)];
        Func<int>[] works =
        [
            () => SampleScorer.Score(model, examples).Count,
            () => SampleScorer.Embed(model, [[7, 8, 9]]).Count,
            () => DataSearch.Models.Signals.EmbeddingSignals.Embed(["a sentence to embed"]).Length / DataSearch.Models.Signals.EmbeddingSignals.Width,
        ];
        foreach (var work in works)
        {
            // Another run of this process holds the lock (a training run, as a search's evaluation would).
            using var held = new ManualResetEventSlim();
            using var release = new ManualResetEventSlim();
            var holder = Task.Run(() =>
            {
                using (TrainingLock.Hold(threads: 1))
                {
                    held.Set();
                    release.Wait();
                }
            });
            held.Wait();
            var scoring = Task.Run(work);
            Assert.NotSame(scoring, await Task.WhenAny(scoring, Task.Delay(TimeSpan.FromSeconds(1.5))));
            release.Set();

            // Once it is let go, the scoring runs (after any other datasearch process's turn on this machine).
            Assert.Equal(1, await scoring.WaitAsync(TimeSpan.FromMinutes(5)));
            await holder;
        }
    }

    [LinuxFact]
    public void A_run_waiting_on_a_holder_that_is_stopped_says_which_process_and_how_to_let_it_go_on()
    {
        using var temp = new TempFolder();
        var path = temp.File("training.lock");

        // Taken by this process: the holder file names it.
        using (TrainingLock.WaitForFile(path, null, CancellationToken.None))
        {
            Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(TrainingLock.HolderPath(path)));
        }

        // Another process holds the lock: running, the wait names only the lock; stopped, it says so.
        using var holder = System.Diagnostics.Process.Start("sleep", "60");
        try
        {
            using var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(TrainingLock.HolderPath(path), holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Null(TrainingLock.StoppedHolder(path));
            Assert.DoesNotContain(Wait(path), r => r.Detail!.Contains("stopped", StringComparison.Ordinal));

            using (var stop = System.Diagnostics.Process.Start("kill", ["-STOP", holder.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                stop.WaitForExit();
            }

            SpinWait.SpinUntil(() => TrainingLock.StoppedHolder(path) is not null, TimeSpan.FromSeconds(5));
            Assert.Contains(Wait(path), r => r.Detail!.Contains($"held by process {holder.Id}, which is stopped; `kill -CONT {holder.Id}`", StringComparison.Ordinal));
        }
        finally
        {
            holder.Kill();
        }
    }

    // The progress reports of a wait given up after a second.
    private static List<ProgressReport> Wait(string path)
    {
        var reports = new Reports();
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingLock.WaitForFile(path, reports, new CancellationTokenSource(TimeSpan.FromSeconds(1)).Token).Dispose());
        return reports.Seen;
    }

    [Fact]
    public async Task A_run_that_lets_go_and_asks_again_waits_behind_the_one_already_waiting()
    {
        using var temp = new TempFolder();
        var path = temp.File("training.lock");
        var order = new List<string>();
        var first = TrainingLock.WaitForFile(path, null, CancellationToken.None);

        // A second run asks while the first holds the file, and leaves its ticket in the queue.
        var second = Task.Run(() =>
        {
            using (TrainingLock.WaitForFile(path, null, CancellationToken.None))
            {
                lock (order)
                {
                    order.Add("second");
                }

                Thread.Sleep(300);
            }
        });
        var queue = path + ".queue";
        SpinWait.SpinUntil(() => Directory.Exists(queue) && Directory.EnumerateFiles(queue).Any(), TimeSpan.FromSeconds(10));

        // The first lets go and asks straight away again (a search between two evaluations): it goes second.
        first.Dispose();
        using (TrainingLock.WaitForFile(path, null, CancellationToken.None))
        {
            lock (order)
            {
                order.Add("first again");
            }
        }

        await second;
        Assert.Equal(["second", "first again"], order);
        Assert.Empty(Directory.EnumerateFiles(queue));
    }

    [Fact]
    public void A_ticket_left_by_a_process_that_died_waiting_does_not_block_the_queue()
    {
        using var temp = new TempFolder();
        var path = temp.File("training.lock");
        var queue = Directory.CreateDirectory(path + ".queue").FullName;

        // An older ticket of a process that no longer exists (pids do not reach int.MaxValue).
        var stale = Path.Combine(queue, $"{1L:D19}-{int.MaxValue}-{1:D10}");
        File.WriteAllBytes(stale, []);

        // And one whose process id is alive (a reused id) but which nobody has touched for a minute.
        var quiet = Path.Combine(queue, $"{2L:D19}-{Environment.ProcessId}-{1:D10}");
        File.WriteAllBytes(quiet, []);
        File.SetLastWriteTimeUtc(quiet, DateTime.UtcNow.AddMinutes(-1));
        using (TrainingLock.WaitForFile(path, null, new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token))
        {
            Assert.False(File.Exists(stale));
            Assert.False(File.Exists(quiet));
        }
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

/// <summary>A fact that reads /proc and signals processes; skipped, saying so, elsewhere than Linux.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux (/proc and kill)";
        }
    }
}
