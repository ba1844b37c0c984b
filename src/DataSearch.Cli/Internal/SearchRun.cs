using DataSearch.Extensions;
using DataSearch.IO;
using DataSearch.Models.Setup;
using DataSearch.Runs;
using DataSearch.Search;
using DataSearch.Text;

namespace DataSearch.Cli.Internal;

/// <summary>The command line's side of starting a search or comparison: its run folder, fingerprint, config copy and log.</summary>
internal static class SearchRun
{
    /// <summary>
    /// Starts (or continues) a search or comparison in <paramref name="folder"/>, once its settings are
    /// known to be good: refuses an unknown template operator, creates the folder, checks or writes its
    /// fingerprint (a continued run must match it; <paramref name="startedMarker"/> tells a continued run),
    /// writes <c>config.yaml</c> and opens <c>engine.log</c>. <paramref name="fingerprint"/>: the settings'
    /// fingerprint when the caller has made it already.
    /// </summary>
    public static (Action<string> Log, IDisposable File) Begin(CliEnvironment environment, SearchConfig settings, ExtensionSet extensions, string folder, string startedMarker, RunFingerprint? fingerprint = null)
    {
        SearchSetup.ThrowIfOperatorUnknown(settings, extensions);
        var resuming = File.Exists(Path.Combine(folder, startedMarker));
        fingerprint ??= SearchSetup.Fingerprint(settings);
        Directory.CreateDirectory(folder);
        RunFingerprint.CheckOrWrite(folder, fingerprint, resuming, environment.Error.WriteLine);
        var files = new SearchRunFolder(folder);
        AtomicFile.WriteAllText(files.Config, settings.ToYaml());
        return Logger(environment, files.EngineLog);
    }

    /// <summary>A logger that appends time-stamped lines to <paramref name="path"/> (flushed) and echoes them to standard error; safe to call from several threads.</summary>
    public static (Action<string> Log, IDisposable File) Logger(CliEnvironment environment, string path)
    {
        var writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var gate = new Lock();
        return (line =>
        {
            // One message is one line whatever agent or pool text it carries (no forged lines), and
            // evaluations in flight at once (--parallel) log from several threads: one line at a time.
            var safe = LogText.OneLine(line);
            lock (gate)
            {
                writer.WriteLine($"{environment.Clock.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {safe}");
                environment.Error.WriteLine(safe);
            }
        }, writer);
    }
}
