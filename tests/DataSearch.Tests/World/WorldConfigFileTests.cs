using DataSearch.Errors;
using DataSearch.Pool;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.World;

public class WorldConfigFileTests
{
    private static readonly string Zoo = Path.Combine(AppContext.BaseDirectory, "examples", "worlds");

    private static string[] FilesOf(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_default_world_file_makes_the_default_world_byte_for_byte()
    {
        using var fromCode = new TempFolder();
        using var fromFile = new TempFolder();
        WorldStore.Save(WorldGenerator.Generate(WorldOptions.Default(1)), fromCode.Path, overwrite: true);
        WorldStore.Save(WorldGenerator.Generate(WorldConfigFile.Read(Path.Combine(Zoo, "default.yaml"))), fromFile.Path, overwrite: true);
        var files = FilesOf(fromCode.Path);
        Assert.Equal(files, FilesOf(fromFile.Path));
        Assert.Contains(Path.Combine("pool", "samples.jsonl"), files);
        Assert.All(files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(fromCode.Path, f)), File.ReadAllBytes(Path.Combine(fromFile.Path, f))));
    }

    [Fact]
    public void Left_out_fields_take_the_base_worlds_values_and_a_given_seed_replaces_the_files()
    {
        var options = WorldConfigFile.Parse("base: small\nseed: 7\nbenchmark_size: 12\n", "w.yaml");
        var small = WorldOptions.Small(7);
        Assert.Equal(7UL, options.Seed);
        Assert.Equal(12, options.BenchmarkSize);
        Assert.Equal(small.Sources, options.Sources);
        Assert.Equal(small.PretrainingLines, options.PretrainingLines);
        Assert.Equal(9UL, WorldConfigFile.Parse("seed: 7\n", "w.yaml", seed: 9).Seed);
        Assert.Equal(WorldOptions.Default(1).Sources, WorldConfigFile.Parse(string.Empty, "w.yaml").Sources);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_line()
    {
        const string text = """
            seed: -3
            known_entities: many
            colour: blue
            sources:
              - name: a
                samples: 100
                wrong_answer: 1.5
                skills: {add: 1, juggling: 2}
              - name: b
                chatter: 0.5
              - just text
            """;
        var error = Assert.Throws<InvalidConfigurationException>(() => WorldConfigFile.Parse(text, "zoo.yaml"));
        Assert.StartsWith("zoo.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.Problems, p => p.StartsWith("line 1: seed:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("line 2: known_entities: expected a whole number", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("line 3: colour: unknown field", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("line 9: sources[1] (b): samples is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("line 11: sources[2]: expected a mapping", StringComparison.Ordinal));

        // Range and name problems come after the types are right, still with their lines.
        const string ranges = """
            sources:
              - name: a
                samples: 100
                wrong_answer: 1.5
                skills: {add: 1, juggling: 2}
              - name: a
                samples: 5
            """;
        error = Assert.Throws<InvalidConfigurationException>(() => WorldConfigFile.Parse(ranges, "zoo.yaml"));
        Assert.Contains(error.Problems, p => p.StartsWith("line 4: sources.a.wrong_answer: must be in [0, 1]", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("line 5: sources.a.skills.juggling: not a benchmarked skill", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("line 1: sources: the name 'a' is used twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Broken_yaml_is_a_located_error()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => WorldConfigFile.Parse("sources: [\n  {name: a, samples: 3\nseed: 2\n", "bad.yaml"));
        Assert.StartsWith("bad.yaml:", error.Message, StringComparison.Ordinal);
        Assert.Contains("line ", error.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_with_skill_shares_holds_only_those_skills_in_about_those_shares()
    {
        var options = WorldOptions.Small(3) with
        {
            Sources = [new SourceSpec("arith", 3000, Skills: new Dictionary<string, double> { ["add"] = 3, ["count"] = 1 }), new SourceSpec("all", 600)],
        };
        var world = WorldGenerator.Generate(options);
        var arith = world.Truth.Where(t => t.Source == "arith").GroupBy(t => t.Skill).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["add", "count"], arith.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(arith["add"] / 3000.0, 0.72, 0.78);
        var all = world.Truth.Where(t => t.Source == "all").Select(t => t.Skill).Distinct().Count();
        Assert.Equal(WorldSkills.BenchmarkedNames.Count, all);
    }

    [Fact]
    public void Every_world_of_the_zoo_reads_and_generates()
    {
        var files = Directory.GetFiles(Zoo, "*.yaml");
        Assert.True(files.Length >= 7, $"the zoo holds {files.Length} worlds");
        foreach (var file in files)
        {
            var options = WorldConfigFile.Read(file);
            var small = options with { Sources = [.. options.Sources.Select(s => s with { Samples = s.Samples / 20 })], BenchmarkSize = 5, PretrainingLines = 50 };
            var world = WorldGenerator.Generate(small);
            Assert.True(world.Pool.Count > 0, file);
        }
    }
}
