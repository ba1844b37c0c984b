using DataSearch.Errors;
using DataSearch.Pool;
using DataSearch.Pool.Import;

namespace DataSearch.Cli.Internal;

/// <summary>Opens what a user names as a pool: a pool folder, or data files imported on the fly.</summary>
internal static class PoolInput
{
    public static SamplePool Open(CliEnvironment environment, IReadOnlyList<string> paths)
    {
        if (paths.Count == 1 && Directory.Exists(paths[0]))
        {
            var opened = PoolStore.Open(paths[0]);
            if (opened.RebuiltCache is { } reason)
            {
                environment.Error.WriteLine($"note: rebuilt {PoolStore.CacheFile} from {PoolStore.SamplesFile} ({reason})");
            }

            return opened.Pool;
        }

        if (paths.Any(Directory.Exists))
        {
            throw new UsageException("give either one pool folder or data files, not both");
        }

        return ProgressDisplay.Run(environment, "import", progress =>
            new PoolImporter().Import(paths, new ImportOptions(), progress, environment.Cancellation)).Pool;
    }
}
