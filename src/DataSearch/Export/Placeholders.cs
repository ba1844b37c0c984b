using System.Text.RegularExpressions;

namespace DataSearch.Export;

/// <summary>
/// The <c>{name}</c> placeholders of user-written templates: evaluator commands and result paths, and
/// LLaMA-Factory training templates. One pattern, so both accept exactly the same names.
/// </summary>
public static partial class Placeholders
{
    /// <summary>A placeholder; group 1 is its name (lower case and underscores).</summary>
    [GeneratedRegex(@"\{([a-z_]+)\}")]
    public static partial Regex Pattern();
}
