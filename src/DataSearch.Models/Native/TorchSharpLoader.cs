using System.Runtime.CompilerServices;

namespace DataSearch.Models.Native;

/// <summary>
/// Makes TorchSharp 0.107's native library load on Debian 12. <c>libLibTorchSharp.so</c> declares a need
/// for <c>GLIBCXX_3.4.32</c> (GCC 13) through a single symbol, <c>std::ios_base_library_init</c>, that
/// GCC 13's &lt;iostream&gt; references and nothing calls; Debian 12's libstdc++ stops at 3.4.30, so the
/// load fails. Marking that one need weak lets the loader accept the library. The copy in this
/// program's output folder is patched (never the one in the NuGet cache), before the first torch call.
/// </summary>
public static class TorchSharpLoader
{
    /// <summary>The version need that is marked weak.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    private const string LibraryName = "libLibTorchSharp.so";

    private static readonly Lazy<IReadOnlyList<(string Path, WeakVersionOutcome Outcome)>> Patched = new(PatchAll);

    /// <summary>The libraries found beside this program and what was done to each.</summary>
    public static IReadOnlyList<(string Path, WeakVersionOutcome Outcome)> EnsurePatched() => Patched.Value;

    /// <summary>Runs when this assembly loads, which is before any of its code can call torch.</summary>
#pragma warning disable CA2255 // A library initializer is the point: it must run before any torch call, whoever the caller is.
    [ModuleInitializer]
    internal static void PatchOnLoad()
    {
        if (OperatingSystem.IsLinux())
        {
            EnsurePatched();
        }
    }
#pragma warning restore CA2255

    /// <summary>Where TorchSharp looks for its native library, relative to its own assembly.</summary>
    public static IEnumerable<string> CandidatePaths(string assemblyFolder) =>
    [
        Path.Combine(assemblyFolder, LibraryName),
        Path.Combine(assemblyFolder, "runtimes", "linux-x64", "native", LibraryName),
    ];

    private static IReadOnlyList<(string, WeakVersionOutcome)> PatchAll()
    {
        var folder = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        if (string.IsNullOrEmpty(folder))
        {
            return [];
        }

        var results = new List<(string, WeakVersionOutcome)>();
        foreach (var path in CandidatePaths(folder).Where(File.Exists))
        {
            try
            {
                results.Add((path, ElfVersionNeeds.MarkWeak(path, MissingVersion)));
            }
            catch (UnauthorizedAccessException)
            {
                // A read-only install cannot be patched here; torch then reports the loader error itself.
            }
        }

        return results;
    }
}
