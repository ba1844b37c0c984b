using DataSearch.Errors;

namespace DataSearch.Cli.Internal;

/// <summary>
/// Which run folder a run command (search, acquire) works in: a new one from <c>--config FILE
/// --output RUN</c>, or an existing one named by a flag such as <c>--resume RUN</c>, whose own
/// <c>config.yaml</c> is then used. Nothing is created here: a command creates a new run folder only
/// after its settings are validated, so a refused config leaves nothing behind.
/// </summary>
internal static class RunFolderArguments
{
    /// <summary>The run folder (not yet created when new) and the config file to read.</summary>
    /// <param name="config">--config, or null.</param>
    /// <param name="output">--output, or null.</param>
    /// <param name="existing">The folder given to one of <paramref name="existingFlags"/>, or null.</param>
    /// <param name="existingFlags">The flags that name an existing run, e.g. --resume.</param>
    /// <param name="kind">The kind of run with its article, e.g. "a search".</param>
    /// <param name="startedMarker">A file whose presence means a run has already started in a folder.</param>
    public static (string RunFolder, string ConfigPath) Resolve(string? config, string? output, string? existing, IReadOnlyList<string> existingFlags, string kind, string startedMarker)
    {
        if (existing is not null)
        {
            if (config is not null || output is not null)
            {
                throw new UsageException($"{string.Join(" and ", existingFlags)}: the run folder's own config.yaml is used; do not combine with --config or --output");
            }

            var saved = Path.Combine(existing, "config.yaml");
            if (!File.Exists(saved))
            {
                throw new UsageException($"{existing}: not {kind} run folder (no config.yaml)");
            }

            return (existing, saved);
        }

        if (config is null || output is null)
        {
            throw new UsageException($"give --config FILE and --output RUN, or {string.Join(", or ", existingFlags.Select(f => f + " RUN"))}");
        }

        return (CheckNew(output, kind, startedMarker), config);
    }

    /// <summary><paramref name="output"/>, refused when a run has already started there; the caller creates it once its settings are valid.</summary>
    public static string CheckNew(string output, string kind, string startedMarker)
    {
        if (File.Exists(Path.Combine(output, startedMarker)))
        {
            throw new UsageException($"{output} already holds {kind} run; continue it with --resume {output}, or choose another folder");
        }

        return output;
    }
}
