namespace DataSearch.Errors;

/// <summary>A request that cannot be carried out as asked (a wrong flag value, a missing file); exit code 2.</summary>
public sealed class UsageException : DataSearchException
{
    /// <summary>Creates the exception with a message that names the offending option or path.</summary>
    public UsageException(string message)
        : base(message)
    {
    }
}
