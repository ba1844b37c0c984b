using System.Text.RegularExpressions;
using DataSearch.Tests.Support;

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

    private static string Library() => Path.Combine(RepositoryFolder.Path, "src", "DataSearch");

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

    /// <summary>
    /// The hidden ground truth (the world's oracle subsets, per-sample truth) lives in the world; the code
    /// that computes signals and acquires data — in the library and in the model project — must not be
    /// able to name it. The layer test covers the library; this covers DataSearch.Models.
    /// </summary>
    [Fact]
    public void Signals_and_acquisition_in_every_project_cannot_reach_the_world()
    {
        var repository = RepositoryFolder.Path;
        var folders = new[] { "src/DataSearch/Signals", "src/DataSearch/Acquisition", "src/DataSearch/Environments", "src/DataSearch.Models/Signals", "src/DataSearch.Models/Acquisition" };
        var violations = folders
            .SelectMany(f => Directory.GetFiles(Path.Combine(repository, f), "*.cs", SearchOption.AllDirectories))
            .Where(f => Code(f) is var code && (Reference().Matches(code).Any(m => m.Groups[1].Value == "World") || code.Contains("GroundTruth", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(repository, f))
            .ToList();
        Assert.True(violations.Count == 0, "these files reach the world or its ground truth:\n" + string.Join("\n", violations));
    }

    /// <summary>A source file without its comment lines (documentation may name what the code must not use).</summary>
    private static string Code(string path) =>
        string.Join('\n', File.ReadLines(path).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));

    [Fact]
    public void The_environment_interface_exposes_no_world_type()
    {
        static IEnumerable<Type> Types(Type type) =>
            type.IsGenericType ? type.GetGenericArguments().SelectMany(Types).Append(type) : type.HasElementType ? Types(type.GetElementType()!) : [type];
        var surface = typeof(DataSearch.Environments.IDataEnvironment).GetMembers()
            .SelectMany(m => m switch
            {
                System.Reflection.MethodInfo method => method.GetParameters().Select(p => p.ParameterType).Append(method.ReturnType),
                System.Reflection.PropertyInfo property => [property.PropertyType],
                _ => [],
            })
            .SelectMany(Types)
            .ToList();
        Assert.NotEmpty(surface);
        Assert.DoesNotContain(surface, t => t.Namespace?.StartsWith("DataSearch.World", StringComparison.Ordinal) == true);
    }
}
