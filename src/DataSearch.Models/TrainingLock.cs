using DataSearch.Progress;

namespace DataSearch.Models;

/// <summary>
/// One training or scoring run at a time. In a process, whichever evaluator runs it (`search --parallel`
/// runs evaluations on several threads; a multi-fidelity search holds two evaluators): torch already
/// uses every core, training steps are serialised by <see cref="GcQuiet"/> anyway, and GcQuiet's guard
/// against TorchSharp's collectable Scalars holds only while no other run allocates between steps.
/// Across processes too, where two runs would share cores (twice the torch threads exceed the CPUs):
/// two datasearch commands training at once on a 2-core machine each ran about 10× slower than alone,
/// so they take turns through an advisory lock file, which the kernel releases when a process dies.
/// <c>DATASEARCH_TRAINING_LOCK=off</c> turns the cross-process part off, <c>on</c> forces it.
/// </summary>
internal static class TrainingLock
{
    /// <summary>The variable that turns the lock across processes off or on.</summary>
    public const string Variable = "DATASEARCH_TRAINING_LOCK";

    private static readonly Lock OneAtATime = new();

    // Holds taken and not yet released, all on the thread that owns OneAtATime (it is re-entrant): an
    // evaluation holds the lock and so does each training run inside it; only the outermost opens the file.
    private static int depth;

    // Tickets taken by this process, for unique names in its queue.
    private static long tickets;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A ticket its waiter has not touched for this long belongs to a process that is gone.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// This process's lock alone, for work that touches torch's global state without training (seeding its
    /// generator to initialise a model): the same weights for the same seed, whatever runs beside it.
    /// </summary>
    public static Lock.Scope InProcess() => OneAtATime.EnterScope();

    /// <summary>The lock file this user's runs share.</summary>
    public static string DefaultPath => Path.Combine(Path.GetTempPath(), $"datasearch-training-{Environment.UserName}.lock");

    /// <summary>Whether runs with <paramref name="threads"/> torch threads take turns with other processes.</summary>
    public static bool AcrossProcesses(int threads) => AcrossProcesses(threads, Environment.GetEnvironmentVariable(Variable), Environment.ProcessorCount);

    /// <summary>The rule: the <paramref name="setting"/> when it says off or on, else whether two runs' threads exceed the <paramref name="processors"/>.</summary>
    public static bool AcrossProcesses(int threads, string? setting, int processors) => setting?.Trim().ToLowerInvariant() switch
    {
        "off" or "0" or "false" => false,
        "on" or "1" or "true" => true,
        _ => 2 * threads > processors,
    };

    /// <summary>
    /// Held for the whole of one run: this process's lock, then (when <see cref="AcrossProcesses(int)"/>) the
    /// lock file, waiting for another process's run to end and saying so on <paramref name="progress"/>.
    /// Re-entrant on one thread (an evaluation, and each training run inside it). Dispose on the thread
    /// that took it.
    /// </summary>
    public static IDisposable Hold(int threads, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default, string? path = null)
    {
        OneAtATime.Enter();
        try
        {
            var file = depth == 0 && AcrossProcesses(threads) ? WaitForFile(path ?? DefaultPath, progress, cancellation) : null;
            depth++;
            return new Held(file);
        }
        catch
        {
            OneAtATime.Exit();
            throw;
        }
    }

    /// <summary>
    /// The lock file held exclusively, once no other holder (in any process) has it; waiting is reported on
    /// <paramref name="progress"/>. Runs get it in the order they asked: each waiter leaves a ticket in a
    /// queue folder beside the file and tries only when no older ticket of a live process remains. Without
    /// the queue a search that releases the file between evaluations took it straight back, and a second
    /// command waited for all of them (measured: over eight minutes). A waiter touches its ticket at every try,
    /// so a ticket left untouched for <see cref="StaleAfter"/> is dropped even where its process id was reused.
    /// </summary>
    public static FileStream WaitForFile(string path, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        var ticket = TakeTicket(path);
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                if (FirstInLine(ticket) && TryOpen(path) is { } held)
                {
                    RecordHolder(path);
                    return held;
                }

                File.SetLastWriteTimeUtc(ticket, DateTime.UtcNow);
                progress?.Report(new ProgressReport("waiting for another datasearch process's training", (long)watch.Elapsed.TotalSeconds, null, "s", StoppedHolder(path) is { } stopped
                    ? $"{path}: held by process {stopped}, which is stopped; `kill -CONT {stopped}` lets it go on"
                    : path));
                Task.Delay(PollInterval, cancellation).GetAwaiter().GetResult();
            }
        }
        finally
        {
            File.Delete(ticket);
        }
    }

    /// <summary>The file beside the lock that names the process holding it (written by each holder as it takes the lock).</summary>
    public static string HolderPath(string path) => path + ".holder";

    // Best effort: the file only explains a wait, it decides nothing.
    private static void RecordHolder(string path)
    {
        try
        {
            File.WriteAllText(HolderPath(path), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// The holder's process id when that process is stopped (SIGSTOP, Ctrl-Z: state T in /proc), which
    /// would keep every waiter waiting for ever; null otherwise, or where /proc cannot tell.
    /// </summary>
    public static int? StoppedHolder(string path)
    {
        try
        {
            if (!int.TryParse(File.ReadAllText(HolderPath(path)).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id == Environment.ProcessId)
            {
                return null;
            }

            // /proc/PID/stat: "PID (name) STATE …"; the name may hold spaces and parentheses, the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{id}/stat");
            var state = stat.AsSpan(stat.LastIndexOf(')') + 1).TrimStart();
            return state.Length > 0 && state[0] is 'T' or 't' ? id : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The queue folder's new ticket: named by time, process and a counter, so that names sort in the order asked.</summary>
    private static string TakeTicket(string path)
    {
        var queue = Directory.CreateDirectory(path + ".queue").FullName;
        var ticket = Path.Combine(queue, $"{DateTime.UtcNow.Ticks:D19}-{Environment.ProcessId}-{Interlocked.Increment(ref tickets):D10}");
        File.WriteAllBytes(ticket, []);
        return ticket;
    }

    /// <summary>Whether no older ticket of a live waiter remains; tickets of processes that died waiting (or went quiet) are removed.</summary>
    private static bool FirstInLine(string ticket)
    {
        var mine = Path.GetFileName(ticket);
        foreach (var other in Directory.EnumerateFiles(Path.GetDirectoryName(ticket)!))
        {
            var name = Path.GetFileName(other);
            if (string.CompareOrdinal(name, mine) >= 0)
            {
                continue;
            }

            var fresh = DateTime.UtcNow - File.GetLastWriteTimeUtc(other) < StaleAfter;
            if (fresh && ProcessAlive(name.Split('-') is [_, var pid, ..] && int.TryParse(pid, out var id) ? id : -1))
            {
                return false;
            }

            File.Delete(other);
        }

        return true;
    }

    private static bool ProcessAlive(int id)
    {
        if (id == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            // FileShare.None takes an exclusive flock on Unix: a second holder, in any process, is refused.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not (DirectoryNotFoundException or FileNotFoundException or PathTooLongException))
        {
            return null;
        }
    }

    private sealed class Held(FileStream? file) : IDisposable
    {
        private bool disposed;

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            depth--;
            file?.Dispose();
            OneAtATime.Exit();
        }
    }
}
