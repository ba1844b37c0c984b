namespace DataSearch.Tests.Support;

/// <summary>
/// Locates the real public data sets in <c>../shared/data</c> beside the checkout (or in
/// <c>DATASEARCH_SHARED_DATA</c>). The project never needs them; tests that use them are skipped, with
/// the reason shown, when they are absent.
/// </summary>
public static class SharedData
{
    public static string? Root { get; } = Find();

    public static string Path(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException("shared data is absent"), relative);

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("DATASEARCH_SHARED_DATA");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        if (RepositoryFolder.Find() is not { } repository)
        {
            return null;
        }

        var candidate = System.IO.Path.Combine(repository, "..", "shared", "data");
        return Directory.Exists(candidate) ? System.IO.Path.GetFullPath(candidate) : null;
    }
}

/// <summary>A fact that is skipped, saying why, when <c>../shared/data</c> (or one of its files) is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute(params string[] requiredFiles)
    {
        if (SharedData.Root is null)
        {
            Skip = "../shared/data is absent (set DATASEARCH_SHARED_DATA to run this test)";
        }
        else if (requiredFiles.FirstOrDefault(f => !File.Exists(SharedData.Path(f))) is { } missing)
        {
            Skip = $"{missing} is absent from {SharedData.Root}";
        }
    }
}
