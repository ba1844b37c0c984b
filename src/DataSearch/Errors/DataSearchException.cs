namespace DataSearch.Errors;

/// <summary>Base of every error DataSearch reports to a user; the CLI maps each kind to a message and an exit code.</summary>
public abstract class DataSearchException : Exception
{
    protected DataSearchException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
