using System.Runtime;

namespace DataSearch.Models;

/// <summary>
/// Runs a block of TorchSharp calls with the garbage collector held off. TorchSharp's <c>Scalar</c> wraps a
/// raw native pointer and frees it in a finalizer; a temporary Scalar made inside TorchSharp (its
/// operators and optimisers make them on every call) can be collected by a GC that happens while the
/// native call still reads it, which crashed about one evaluation in ten with "toFloat: Expected false
/// to be true". With no GC during a training or decoding step, nothing in flight can be collected.
/// The region is process-wide, so steps on different threads (tests run in parallel) take turns: a step
/// that ran beside another thread's region would run unprotected, and a <see cref="Collect"/> would end
/// that region mid-step.
/// </summary>
internal static class GcQuiet
{
    private static readonly Lock Gate = new();

    // Far more than one step allocates; if a step ever exceeds it, the runtime simply ends the region.
    private const long Budget = 64L << 20;

    public static T Run<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        lock (Gate)
        {
            var started = TryStart();
            try
            {
                return body();
            }
            finally
            {
                if (started)
                {
                    End();
                }
            }
        }
    }

    /// <summary>
    /// A full collection, finalisers included, between steps: the wrappers the steps left behind hold
    /// native tensors that only their finalisers free.
    /// </summary>
    public static void Collect()
    {
        lock (Gate)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    // A region may be refused (e.g. the runtime cannot reserve the budget) or end early when a step
    // allocates past it. Either way the step still runs; it is only less protected.
    private static bool TryStart()
    {
        try
        {
            return GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(Budget);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void End()
    {
        try
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
        catch (InvalidOperationException)
        {
            // The runtime ended the region itself (the budget was exceeded).
        }
    }
}
