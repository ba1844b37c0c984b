using System.Text.RegularExpressions;

namespace DataSearch.Tests;

/// <summary>The library's folders depend on each other one way only, in the order docs/architecture.md draws.</summary>
public partial class ArchitectureTests
{
    /// <summary>Lowest first: a folder may use only folders before it.</summary>
    public static readonly string[] Layers =
    [
        "Errors", "Progress", "Randomness", "IO", "Runs", "Pool", "Text", "Checkers", "Retrieval", "Export", "Agents", "Teachers",
        "Signals", "Recipes", "Extensions", "Evaluation", "Environments", "Search", "Acquisition", "World",
    ];

    [GeneratedRegex(@"\bDataSearch\.([A-Z][A-Za-z]+)\b")]
    private static partial Regex Reference();

    private static string Library()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DataSearch.slnx")))
            {
                return Path.Combine(folder.FullName, "src", "DataSearch");
            }
        }

        throw new InvalidOperationException("the repository (DataSearch.slnx) is not above the test binaries");
    }

    [Fact]
    public void Every_folder_of_the_library_is_a_named_layer()
    {
        var folders = Directory.GetDirectories(Library()).Select(Path.GetFileName).Where(n => n is not ("bin" or "obj")).Order().ToList();
        Assert.Equal(Layers.Order(), folders);
    }

    [Fact]
    public void No_folder_uses_a_folder_above_it()
    {
        var library = Library();
        var violations = new List<string>();
        foreach (var (layer, rank) in Layers.Select((l, i) => (l, i)))
        {
            foreach (var file in Directory.GetFiles(Path.Combine(library, layer), "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                foreach (var used in Reference().Matches(text).Select(m => m.Groups[1].Value).Distinct())
                {
                    var usedRank = Array.IndexOf(Layers, used);
                    if (usedRank > rank)
                    {
                        violations.Add($"{Path.GetRelativePath(library, file)} ({layer}) uses {used}, a layer above it");
                    }
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }
}
