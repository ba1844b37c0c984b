using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DataSearch.Tests.Support;

/// <summary>
/// A real one-node Slurm cluster on this machine for the tests: munged (started when not running),
/// slurmctld and slurmd with a configuration, state, spool, logs and ports of their own under a
/// temporary folder; <c>SLURM_CONF</c> points at it while the fixture lives. Needs root and Debian's
/// <c>slurm-wlm</c> and <c>munge</c> (.ci/run installs them).
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    /// <summary>Set (as .ci/run does) to make a missing Slurm a failure instead of a skip.</summary>
    public const string RequireVariable = "DATASEARCH_REQUIRE_SLURM";

    private readonly TempFolder folder = new();
    private readonly string? previousConf = Environment.GetEnvironmentVariable("SLURM_CONF");

    public SlurmCluster()
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        foreach (var sub in new[] { "state", "spool", "log", "run" })
        {
            Directory.CreateDirectory(folder.File(sub));
        }

        var node = Run("hostname", "-s").Trim();
        Conf = folder.Write("slurm.conf", $"""
            ClusterName=datasearch-tests
            SlurmctldHost={node}
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            SchedulerType=sched/backfill
            AccountingStorageType=accounting_storage/none
            JobAcctGatherType=jobacct_gather/none
            StateSaveLocation={folder.File("state")}
            SlurmdSpoolDir={folder.File("spool")}
            SlurmctldLogFile={folder.File("log/slurmctld.log")}
            SlurmdLogFile={folder.File("log/slurmd.log")}
            SlurmctldPidFile={folder.File("run/slurmctld.pid")}
            SlurmdPidFile={folder.File("run/slurmd.pid")}
            SlurmctldPort={FreePort()}
            SlurmdPort={FreePort()}
            MinJobAge=600
            ReturnToService=2
            NodeName={node} CPUs={Environment.ProcessorCount} State=UNKNOWN
            PartitionName=debug Nodes={node} Default=YES MaxTime=INFINITE State=UP

            """);
        Environment.SetEnvironmentVariable("SLURM_CONF", Conf);
        StartMunge();
        Run("/usr/sbin/slurmctld", "-f", Conf);
        Run("/usr/sbin/slurmd", "-f", Conf);
        var watch = Stopwatch.StartNew();
        while (Run("sinfo", "-h", "-o", "%T").Trim() is not ("idle" or "mixed" or "allocated"))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"the test cluster did not become idle in 60 s; slurmctld log:\n{Log("slurmctld.log")}\nslurmd log:\n{Log("slurmd.log")}");
            }

            Thread.Sleep(500);
        }
    }

    /// <summary>Why no cluster can be started here, or null when one can.</summary>
    public static string? Unavailable { get; } = Probe();

    /// <summary>The cluster's slurm.conf.</summary>
    public string Conf { get; }

    public void Dispose()
    {
        Run("scontrol", "shutdown");
        foreach (var pid in new[] { "run/slurmd.pid", "run/slurmctld.pid" }.Select(folder.File).Where(File.Exists))
        {
            if (int.TryParse(File.ReadAllText(pid).Trim(), out var id))
            {
                try
                {
                    using var process = Process.GetProcessById(id);
                    process.WaitForExit(10_000);
                    process.Kill();
                }
                catch (ArgumentException)
                {
                    // already gone
                }
            }
        }

        Environment.SetEnvironmentVariable("SLURM_CONF", previousConf);
        folder.Dispose();
    }

    private string Log(string name) => File.Exists(folder.File($"log/{name}")) ? File.ReadAllText(folder.File($"log/{name}")) : "(none)";

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "the Slurm tests start a one-node cluster, which needs root on Linux";
        }

        var missing = new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/sbin/munged" }.FirstOrDefault(p => !File.Exists(p));
        return missing is null ? null : $"{missing} is missing (apt-get install slurm-wlm munge; .ci/run does)";
    }

    private static void StartMunge()
    {
        if (TryRun("sh", "-c", "munge -n | unmunge") == 0)
        {
            return;
        }

        // munged refuses to run as root; the package's munge user owns its key, socket and logs.
        TryRun("sh", "-c", "mkdir -p /run/munge && chown munge:munge /run/munge && su -s /bin/sh munge -c /usr/sbin/munged");
        var watch = Stopwatch.StartNew();
        while (TryRun("sh", "-c", "munge -n | unmunge") != 0)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException("munged did not start (see /var/log/munge/munged.log)");
            }

            Thread.Sleep(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : output + error.Result;
    }

    private static int TryRun(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
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
