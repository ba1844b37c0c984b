using DataSearch.Acquisition;
using DataSearch.Runs;
using DataSearch.Search;
using DataSearch.Tests.Support;

namespace DataSearch.Tests;

/// <summary>Every setting a search or acquisition config takes is named somewhere in the README or docs/.</summary>
public class DocumentedSettingsTests
{
    [Fact]
    public void Every_config_key_is_documented()
    {
        var docs = string.Join('\n', RepositoryFolder.Documentation().Select(File.ReadAllText));
        // Every key, nested ones as block.key, as a run's fingerprint flattens them.
        var keys = RunFingerprint.Of(new SearchConfig(), [], new Dictionary<string, string>()).Settings.Keys
            .Concat(RunFingerprint.Of(new AcquisitionConfig(), [], new Dictionary<string, string>()).Settings.Keys).Distinct().ToList();
        Assert.True(keys.Count > 100, $"only {keys.Count} keys: the settings are no longer flattened as expected");

        // A key counts as documented by its full path in code (`policy.batch_size`), or by its own name
        // in code or as a YAML key within its block's documentation (`batch_size`, `batch_size:`).
        var undocumented = keys.Where(key => key.Split('.')[^1] is var leaf
            && !docs.Contains($"`{key}", StringComparison.Ordinal) && !docs.Contains($"{leaf}`", StringComparison.Ordinal) && !docs.Contains($"{leaf}:", StringComparison.Ordinal)).ToList();
        Assert.True(undocumented.Count == 0, "settings no doc names: " + string.Join(", ", undocumented));
    }
}
