namespace DataSearch.Errors;

/// <summary>A file DataSearch wrote itself that no longer reads back (truncated, edited, wrong version).</summary>
public sealed class CorruptDataException : DataSearchException
{
    /// <summary>Creates the exception naming the file and what is wrong with it.</summary>
    public CorruptDataException(string path, string message, Exception? inner = null)
        : base($"{path}: {message}", inner)
    {
        Path = path;
    }

    /// <summary>The file that failed to read.</summary>
    public string Path { get; }
}
