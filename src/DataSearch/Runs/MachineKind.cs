using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace DataSearch.Runs;

/// <summary>
/// What decides the floating-point arithmetic of training here, as one line: the CPU's widest vector
/// instructions (MKL and libtorch pick their kernels by them), the number of CPUs (torch's threads by
/// default) and the variables that pin those choices when set. Two machines of one kind train a seed to
/// the same scores; machines of two kinds may differ, within seed spread (docs/performance.md).
/// </summary>
public static class MachineKind
{
    /// <summary>The variables read by MKL and libtorch that pin their kernels, recorded when set.</summary>
    public static IReadOnlyList<string> PinningVariables { get; } = ["MKL_CBWR", "ATEN_CPU_CAPABILITY"];

    /// <summary>This machine, e.g. <c>x64 avx2, 2 cpus</c> or <c>x64 avx512, 16 cpus, MKL_CBWR=AVX2</c>.</summary>
    public static string Current { get; } = Describe(Environment.GetEnvironmentVariable);

    /// <summary>This machine as <see cref="Current"/> says it, with the environment read through <paramref name="variable"/>.</summary>
    public static string Describe(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var parts = new List<string> { $"{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()} {VectorLevel()}", $"{Environment.ProcessorCount} cpus" };
        parts.AddRange(PinningVariables.Select(name => (name, value: variable(name))).Where(v => !string.IsNullOrEmpty(v.value)).Select(v => $"{v.name}={v.value}"));
        return string.Join(", ", parts);
    }

    private static string VectorLevel() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => Avx512F.IsSupported ? "avx512" : Avx2.IsSupported ? "avx2" : Avx.IsSupported ? "avx" : "sse",
        Architecture.Arm64 => AdvSimd.IsSupported ? "neon" : "scalar",
        _ => "scalar",
    };
}
