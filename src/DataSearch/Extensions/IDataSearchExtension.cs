namespace DataSearch.Extensions;

/// <summary>
/// The entry point of an extension assembly: every public, non-abstract class implementing it with a
/// parameterless constructor is created once and asked to register what it adds.
/// </summary>
public interface IDataSearchExtension
{
    /// <summary>Registers operators, hooks, signal providers (<c>precompute_features</c>) and catalog entries.</summary>
    void Register(ExtensionContext context);
}
