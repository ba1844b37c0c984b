namespace DataSearch.Tests.Support;

/// <summary>The repository the tests were built from: the first folder above the test binaries that holds DataSearch.slnx.</summary>
public static class RepositoryFolder
{
    /// <summary>Its path, or null when the binaries were copied out of it.</summary>
    public static string? Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "DataSearch.slnx")))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    /// <summary>Its path.</summary>
    /// <exception cref="InvalidOperationException">The test binaries are not inside the repository.</exception>
    public static string Path => Find() ?? throw new InvalidOperationException("the repository (DataSearch.slnx) is not above the test binaries");

    /// <summary>The user documentation: README.md, then every page of docs/.</summary>
    public static IReadOnlyList<string> Documentation() =>
        [System.IO.Path.Combine(Path, "README.md"), .. Directory.GetFiles(System.IO.Path.Combine(Path, "docs"), "*.md").Order(StringComparer.Ordinal)];
}
