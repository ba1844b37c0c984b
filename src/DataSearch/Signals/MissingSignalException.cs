using DataSearch.Errors;

namespace DataSearch.Signals;

/// <summary>A recipe or operator needs a signal that has not been computed for this pool.</summary>
public sealed class MissingSignalException(string signal, IEnumerable<string> available)
    : DataSearchException($"signal '{signal}' has not been computed for this pool (available: {string.Join(", ", available.Order(StringComparer.Ordinal).DefaultIfEmpty("none"))}); run `datasearch signals compute`")
{
    /// <summary>The missing signal's name.</summary>
    public string Signal { get; } = signal;
}
