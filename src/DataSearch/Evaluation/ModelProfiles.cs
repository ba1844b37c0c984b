namespace DataSearch.Evaluation;

/// <summary>
/// The names of the embedded model's profiles (size and training budget), known here so that configs
/// are checked before anything runs; the Models project maps each name to its settings.
/// </summary>
public static class ModelProfiles
{
    /// <summary>Every profile, the reference one first.</summary>
    public static readonly IReadOnlyList<string> Names = ["default", "medium", "quick", "tiny"];

    /// <summary>Whether <paramref name="name"/> is a profile.</summary>
    public static bool IsKnown(string? name) => name is not null && Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The problem with <paramref name="name"/> for a config's error list, or null when it is a profile.</summary>
    public static string? Problem(string field, string? name) =>
        IsKnown(name) ? null : $"{field}: unknown model profile '{name}'; expected {string.Join(", ", Names)}";
}
