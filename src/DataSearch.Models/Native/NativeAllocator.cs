using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DataSearch.Models.Native;

/// <summary>
/// Keeps glibc's allocator from handing torch's tensor buffers back to the kernel between training steps.
/// By default a buffer of a few megabytes is served by a fresh <c>mmap</c> and unmapped when freed, and
/// the top of the heap is trimmed past 128 KiB, so every step page-faults its activations in again:
/// 300,000–500,000 faults and 2–4 s of system time per 300 steps of the default model. Serving such
/// buffers from the heap and trimming only past 256 MiB leaves them mapped for the next step
/// (measured in docs/performance.md). Numbers are unchanged: only where memory comes from moves.
/// </summary>
public static class NativeAllocator
{
    /// <summary>Allocations below this size come from the heap (glibc's cap for the setting: 32 MiB).</summary>
    public const int MmapThreshold = 32 * 1024 * 1024;

    /// <summary>Free memory at the top of the heap is returned to the kernel only past this size.</summary>
    public const int TrimThreshold = 256 * 1024 * 1024;

    // mallopt parameter numbers from glibc's malloc.h.
    private const int TrimThresholdParameter = -1;
    private const int MmapThresholdParameter = -3;

    private static readonly Lazy<AllocatorSetting> Applied = new(Apply);

    /// <summary>What was done, once per process.</summary>
    public static AllocatorSetting EnsureConfigured() => Applied.Value;

    /// <summary>
    /// Whether the caller has already tuned glibc's allocator through the environment, which then wins.
    /// </summary>
    public static bool CallerTuned(Func<string, string?> environment) =>
        (environment("GLIBC_TUNABLES") ?? "").Contains("glibc.malloc.", StringComparison.Ordinal)
        || environment("MALLOC_MMAP_THRESHOLD_") is not null
        || environment("MALLOC_TRIM_THRESHOLD_") is not null;

    private static AllocatorSetting Apply()
    {
        if (!OperatingSystem.IsLinux())
        {
            return AllocatorSetting.NotGlibc;
        }

        if (CallerTuned(Environment.GetEnvironmentVariable))
        {
            return AllocatorSetting.LeftToCaller;
        }

        try
        {
            var applied = SetOption(MmapThresholdParameter, MmapThreshold) == 1
                && SetOption(TrimThresholdParameter, TrimThreshold) == 1;
            return applied ? AllocatorSetting.Applied : AllocatorSetting.Refused;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // musl and other C libraries have no mallopt; their allocators behave differently anyway.
            return AllocatorSetting.NotGlibc;
        }
    }

    // DllImport rather than LibraryImport: two ints need no marshalling code, and no unsafe blocks in this project.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int SetOption(int parameter, int value);

#pragma warning disable CA2255 // Must run before torch allocates its first buffer, whoever the caller is.
    [ModuleInitializer]
    internal static void ConfigureOnLoad() => EnsureConfigured();
#pragma warning restore CA2255
}

/// <summary>The outcome of <see cref="NativeAllocator.EnsureConfigured"/>.</summary>
public enum AllocatorSetting
{
    /// <summary>glibc accepted both thresholds.</summary>
    Applied,

    /// <summary>GLIBC_TUNABLES or MALLOC_*_ variables set by the caller are kept.</summary>
    LeftToCaller,

    /// <summary>glibc rejected a value.</summary>
    Refused,

    /// <summary>Not Linux with glibc: nothing to do.</summary>
    NotGlibc,
}
