using System.Runtime;

namespace DataSearch.Models;

/// <summary>
/// Runs a block of TorchSharp calls with the garbage collector held off. TorchSharp's <c>Scalar</c> wraps a
/// raw native pointer and frees it in a finalizer; a temporary Scalar made inside TorchSharp (its
/// operators and optimisers make them on every call) can be collected by a GC that happens while the
/// native call still reads it, which crashed about one evaluation in ten with "toFloat: Expected false
/// to be true". With no GC during a training or decoding step, nothing in flight can be collected.
/// </summary>
internal static class GcQuiet
{
    // Far more than one step allocates; if a step ever exceeds it, the runtime simply ends the region.
    private const long Budget = 64L << 20;

    public static T Run<T>(Func<T> body)
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

    // The region is process-wide: another thread may hold it already, or push the process past the
    // budget, which ends it early. Either way the step still runs; it is only less protected.
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
