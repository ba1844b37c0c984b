namespace DataSearch.Tests.Support;

/// <summary>Points <c>DATASEARCH_CACHE</c> at a temporary folder for the life of a test.</summary>
public sealed class ModelCache : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string? previous = Environment.GetEnvironmentVariable("DATASEARCH_CACHE");

    private ModelCache()
    {
        Environment.SetEnvironmentVariable("DATASEARCH_CACHE", folder.Path);
    }

    public static ModelCache UseTemporary() => new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("DATASEARCH_CACHE", previous);
        folder.Dispose();
    }
}

/// <summary>
/// Tests that run a model or change the process-wide model cache variable run one at a time, with no
/// other test beside them: torch's seed is process-wide, and a training step's no-GC region
/// (<c>GcQuiet</c>) counts every thread's allocations, so tests allocating beside it could end it
/// mid-step and let a collection free a TorchSharp Scalar a native call still reads.
/// </summary>
[CollectionDefinition(nameof(ModelCollection), DisableParallelization = true)]
public sealed class ModelCollection;
