namespace DataSearch.Errors;

/// <summary>Options or a configuration file that cannot be used; carries every problem, each naming its field.</summary>
public sealed class InvalidConfigurationException : DataSearchException
{
    /// <summary>Creates the exception for <paramref name="what"/> (e.g. "world options" or a file name).</summary>
    public InvalidConfigurationException(string what, IReadOnlyList<string> problems)
        : base($"{what}: " + string.Join(Environment.NewLine + "  ", problems.Prepend(string.Empty)).TrimStart())
    {
        Problems = problems;
    }

    /// <summary>Each problem, starting with the field's path.</summary>
    public IReadOnlyList<string> Problems { get; }
}
