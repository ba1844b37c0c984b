using DataSearch.Acquisition;
using DataSearch.Extensions;
using DataSearch.Models.Setup;
using DataSearch.Recipes;
using DataSearch.Search;
using DataSearch.Tests.Support;

namespace DataSearch.Tests;

/// <summary>
/// Every config and recipe under examples/ is one the tool takes as it stands: what a new user copies
/// first must not fail on a renamed key, a value out of range or an operator that no longer exists.
/// </summary>
public partial class ShippedExampleTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^environment\.[a-z_\[\]0-9.]+: .* (is not a folder|does not exist)$")]
    private static partial System.Text.RegularExpressions.Regex MissingData();

    private static readonly ExtensionSet BuiltIn = ExtensionSet.Load([]);

    private static string Examples(string folder) => Path.Combine(RepositoryFolder.Path, "examples", folder);

    public static TheoryData<string> SearchConfigs() =>
        [.. new[] { "search", "environments", "llamafactory-vllm" }.SelectMany(f => Directory.GetFiles(Examples(f), "*.yaml"))
            .Where(f => !Path.GetFileName(f).StartsWith("ads", StringComparison.Ordinal)).Select(f => Path.GetRelativePath(RepositoryFolder.Path, f))];

    public static TheoryData<string> AcquisitionConfigs() =>
        [.. new[] { "acquisition", "llamafactory-vllm" }.SelectMany(f => Directory.GetFiles(Examples(f), "ads*.yaml")).Select(f => Path.GetRelativePath(RepositoryFolder.Path, f))];

    public static TheoryData<string> Recipes() =>
        [.. new[] { "recipes", Path.Combine("environments", "proxy-validation") }.SelectMany(f => Directory.GetFiles(Examples(f)))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
            .Where(f => !Path.GetFileName(f).StartsWith("operator_catalog", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("branches", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(RepositoryFolder.Path, f))];

    [Theory]
    [MemberData(nameof(SearchConfigs))]
    public void A_shipped_search_config_reads_validates_and_names_known_operators(string file)
    {
        // Read validates every setting, and the data paths too. The data an example points at (the pool the
        // README's import makes, ../shared/data) need not be there in a checkout: a missing folder is the
        // machine's, not the example's; then every other setting is checked without the data block.
        var path = Path.Combine(RepositoryFolder.Path, file);
        SearchConfig settings;
        try
        {
            settings = SearchConfig.Read(path, _ => null);
        }
        catch (Errors.InvalidConfigurationException e) when (e.Problems.All(MissingData().IsMatch))
        {
            settings = DataSearch.IO.YamlConfig.Read<SearchConfig>(path, "search config") with { Environment = null, World = "elsewhere" };
            settings.ThrowIfInvalid(file);
        }

        SearchSetup.ThrowIfOperatorUnknown(settings, BuiltIn);
    }

    [Theory]
    [MemberData(nameof(AcquisitionConfigs))]
    public void A_shipped_acquisition_config_reads_and_validates(string file)
    {
        AcquisitionConfig.Read(Path.Combine(RepositoryFolder.Path, file), _ => null).ThrowIfInvalid(file);
    }

    [Theory]
    [MemberData(nameof(Recipes))]
    public void A_shipped_recipe_reads_and_validates_against_the_built_in_operators(string file)
    {
        RecipeValidator.ThrowIfInvalid(RecipeReader.ReadFile(Path.Combine(RepositoryFolder.Path, file)), BuiltIn.Registry);
    }

    [Fact]
    public void Every_kind_of_example_is_found()
    {
        Assert.True(SearchConfigs().Count >= 3 && AcquisitionConfigs().Count >= 2 && Recipes().Count >= 10, "an examples folder moved: the theories above would check nothing");
    }
}
