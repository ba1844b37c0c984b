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

/// <summary>Tests that change the process-wide model cache variable run one at a time.</summary>
[CollectionDefinition(nameof(ModelCacheCollection), DisableParallelization = true)]
public sealed class ModelCacheCollection;
