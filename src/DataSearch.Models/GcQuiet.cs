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
        var started = GCSettings.LatencyMode != GCLatencyMode.NoGCRegion && GC.TryStartNoGCRegion(Budget);
        try
        {
            return body();
        }
        finally
        {
            if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }
}
