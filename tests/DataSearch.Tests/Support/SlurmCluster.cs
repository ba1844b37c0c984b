using System.Diagnostics;

namespace DataSearch.Tests.Support;

/// <summary>
/// A real one-node Slurm cluster on this machine for the tests, started and stopped by
/// <c>tools/local-slurm.sh</c> (munged when not running, slurmctld and slurmd with a configuration,
/// state, spool, logs and ports of their own under a temporary folder); <c>SLURM_CONF</c> points at it
/// while the fixture lives. Needs root and Debian's <c>slurm-wlm</c> and <c>munge</c> (.ci/run installs them).
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    /// <summary>Set (as .ci/run does) to make a missing Slurm a failure instead of a skip.</summary>
    public const string RequireVariable = "DATASEARCH_REQUIRE_SLURM";

    private readonly TempFolder folder = new();
    private readonly string? previousConf = Environment.GetEnvironmentVariable("SLURM_CONF");

    /// <summary>The repository's tools/local-slurm.sh, copied beside the tests.</summary>
    private static string Script => Path.Combine(AppContext.BaseDirectory, "tools", "local-slurm.sh");

    public SlurmCluster()
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var start = Run("bash", Script, "start", folder.Path);
        if (start.Code != 0)
        {
            throw new InvalidOperationException($"tools/local-slurm.sh could not start the test cluster:\n{start.Output}{start.Error}");
        }

        Conf = start.Output.Trim().Split('\n')[^1];
        Environment.SetEnvironmentVariable("SLURM_CONF", Conf);
    }

    /// <summary>Why no cluster can be started here, or null when one can.</summary>
    public static string? Unavailable { get; } = Probe();

    /// <summary>The cluster's slurm.conf.</summary>
    public string Conf { get; }

    public void Dispose()
    {
        Run("bash", Script, "stop", folder.Path);
        Environment.SetEnvironmentVariable("SLURM_CONF", previousConf);
        folder.Dispose();
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "the Slurm tests start a one-node cluster, which needs root on Linux";
        }

        var missing = new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/sbin/munged" }.FirstOrDefault(p => !File.Exists(p));
        return missing is null ? null : $"{missing} is missing (apt-get install slurm-wlm munge; .ci/run does)";
    }

    private static (int Code, string Output, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
/// <summary>The tests that share the cluster run one at a time, apart from the others (they set SLURM_CONF).</summary>
[CollectionDefinition(nameof(SlurmCollection), DisableParallelization = true)]
public sealed class SlurmCollection : ICollectionFixture<SlurmClusterHandle>;

/// <summary>Starts the cluster lazily, so that a machine without Slurm only skips, never fails to construct the fixture.</summary>
public sealed class SlurmClusterHandle : IDisposable
{
    private readonly Lazy<SlurmCluster> cluster = new(() => new SlurmCluster());

    public SlurmCluster Cluster => cluster.Value;

    public void Dispose()
    {
        if (cluster.IsValueCreated)
        {
            cluster.Value.Dispose();
        }
    }
}

/// <summary>A fact that needs the test cluster: skipped with the reason where none can start, unless <see cref="SlurmCluster.RequireVariable"/> is set.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Unavailable is { } reason && Environment.GetEnvironmentVariable(SlurmCluster.RequireVariable) != "1")
        {
            Skip = reason;
        }
    }
}
