using System.Globalization;
using DataSearch.Errors;
using DataSearch.IO;
using YamlDotNet.RepresentationModel;

namespace DataSearch.World;

/// <summary>
/// A world described in a file (<c>world.yaml</c>, docs/world.md): the generator's options, each field
/// optional and taken from <c>base</c> (<c>default</c> or <c>small</c>) when left out. Every problem —
/// an unknown key, a wrong type, a rate outside [0, 1], an unknown skill — is reported with its line,
/// all of them at once.
/// </summary>
public static class WorldConfigFile
{
    private static readonly string[] TopKeys = ["base", "seed", "known_entities", "hidden_entities", "benchmark_size", "target_samples", "pretraining_lines", "sources"];

    private static readonly string[] RateKeys = ["chatter", "off_skill", "exact_duplicate", "near_duplicate", "wrong_answer", "truncated", "bloated", "mislabelled_tag"];

    /// <summary>Reads the world file at <paramref name="path"/>; <paramref name="seed"/>, when given, replaces the file's seed.</summary>
    /// <exception cref="UsageException">The file does not exist.</exception>
    /// <exception cref="InvalidConfigurationException">The file is not a usable world; every problem is listed with its line.</exception>
    public static WorldOptions Read(string path, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such world config");
        }

        return Parse(File.ReadAllText(path), path, seed);
    }

    /// <summary>Parses world-file text; <paramref name="file"/> names it in errors.</summary>
    /// <exception cref="InvalidConfigurationException">The text is not a usable world; every problem is listed with its line.</exception>
    public static WorldOptions Parse(string text, string file, ulong? seed = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reading = new Reading();
        YamlStream stream;
        try
        {
            stream = YamlText.Load(text);
        }
        catch (YamlSyntaxException e)
        {
            throw new InvalidConfigurationException(file, [$"line {e.Line}: {e.Message}"]);
        }

        var options = WorldOptions.Default(1);
        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is var root && !IsEmpty(root))
        {
            if (root is YamlMappingNode map)
            {
                options = reading.Options(map);
            }
            else
            {
                reading.Problem(root, "the file must be a mapping of world fields (docs/world.md)");
            }
        }

        if (seed is { } replaced)
        {
            options = options with { Seed = replaced };
        }

        if (reading.Problems.Count == 0)
        {
            reading.Problems.AddRange(options.Problems().Select(p => $"line {reading.LineOf(p)}: {p}"));
        }

        return reading.Problems.Count > 0 ? throw new InvalidConfigurationException(file, reading.Problems) : options;
    }

    private static bool IsEmpty(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null" };

    /// <summary>One parse: the problems found and the line of every field, for problems found after it.</summary>
    private sealed class Reading
    {
        private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);
        private readonly List<string> sourceNames = [];

        public List<string> Problems { get; } = [];

        public void Problem(YamlNode node, string message) => Problems.Add($"line {node.Start.Line}: {message}");

        public WorldOptions Options(YamlMappingNode map)
        {
            var fields = Fields(map, TopKeys, string.Empty);
            var options = fields.GetValueOrDefault("base") is { } baseNode
                ? Text(baseNode, "base") switch
                {
                    "default" or null => WorldOptions.Default(1),
                    "small" => WorldOptions.Small(1),
                    var other => Invalid(baseNode, $"base: expected default or small, found '{other}'"),
                }
                : WorldOptions.Default(1);

            return options with
            {
                Seed = fields.TryGetValue("seed", out var seed) ? Seed(seed) : options.Seed,
                KnownEntities = Int(fields, "known_entities") ?? options.KnownEntities,
                HiddenEntities = Int(fields, "hidden_entities") ?? options.HiddenEntities,
                BenchmarkSize = Int(fields, "benchmark_size") ?? options.BenchmarkSize,
                TargetSamples = Int(fields, "target_samples") ?? options.TargetSamples,
                PretrainingLines = Int(fields, "pretraining_lines") ?? options.PretrainingLines,
                Sources = fields.TryGetValue("sources", out var sources) ? Sources(sources) : options.Sources,
            };
        }

        /// <summary>The line of the field a problem of <see cref="WorldOptions.Problems"/> names (<c>sources.forum.wrong_answer: …</c>); 1 when unknown.</summary>
        public long LineOf(string problem)
        {
            var path = problem[..Math.Max(0, problem.IndexOf(':', StringComparison.Ordinal))].Split('.');
            if (path.Length > 1 && path[0] == "sources")
            {
                // Source problems name the source; the lines are kept by its position.
                var index = sourceNames.IndexOf(path[1]);
                path = index < 0 ? ["sources"] : ["sources", $"{index}", .. path[2..]];
            }

            for (var length = path.Length; length > 0; length--)
            {
                if (lines.TryGetValue(string.Join('.', path[..length]), out var line))
                {
                    return line;
                }
            }

            return 1;
        }

        private WorldOptions Invalid(YamlNode node, string message)
        {
            Problem(node, message);
            return WorldOptions.Default(1);
        }

        private Dictionary<string, YamlNode> Fields(YamlMappingNode map, string[] known, string prefix)
        {
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
                lines[prefix + key] = (int)keyNode.Start.Line;
                if (!known.Contains(key))
                {
                    Problem(keyNode, $"{prefix}{key}: unknown field (expected one of {string.Join(", ", known)})");
                }
                else if (!fields.TryAdd(key, value))
                {
                    Problem(keyNode, $"{prefix}{key}: given twice");
                }
            }

            return fields;
        }

        private IReadOnlyList<SourceSpec> Sources(YamlNode node)
        {
            if (node is not YamlSequenceNode sequence)
            {
                Problem(node, "sources: expected a list of sources, each with a name and samples");
                return [];
            }

            var sources = new List<SourceSpec>();
            foreach (var item in sequence.Children)
            {
                var prefix = $"sources.{sources.Count}.";
                lines[prefix.TrimEnd('.')] = (int)item.Start.Line;
                if (item is not YamlMappingNode map)
                {
                    Problem(item, $"sources[{sources.Count}]: expected a mapping with a name, samples and rates");
                    sources.Add(new SourceSpec(string.Empty, 0));
                    sourceNames.Add(string.Empty);
                    continue;
                }

                var fields = Fields(map, ["name", "samples", "skills", .. RateKeys], prefix);
                var name = fields.TryGetValue("name", out var nameNode) ? Text(nameNode, $"sources[{sources.Count}].name") ?? string.Empty : string.Empty;
                if (!fields.ContainsKey("samples"))
                {
                    Problem(map, $"sources[{sources.Count}] ({name}): samples is required");
                }

                double Rate(string key) => Double(fields, key, $"sources.{name}.") ?? 0;
                sources.Add(new SourceSpec(
                    name,
                    Int(fields, "samples", $"sources.{name}.") ?? 0,
                    Chatter: Rate("chatter"),
                    OffSkill: Rate("off_skill"),
                    ExactDuplicate: Rate("exact_duplicate"),
                    NearDuplicate: Rate("near_duplicate"),
                    WrongAnswer: Rate("wrong_answer"),
                    Truncated: Rate("truncated"),
                    Bloated: Rate("bloated"),
                    MislabelledTag: Rate("mislabelled_tag"),
                    Skills: fields.TryGetValue("skills", out var skills) ? Shares(skills, name, prefix + "skills.") : null));
                sourceNames.Add(name);
            }

            return sources;
        }

        private Dictionary<string, double> Shares(YamlNode node, string source, string prefix)
        {
            var shares = new Dictionary<string, double>(StringComparer.Ordinal);
            if (node is not YamlMappingNode map)
            {
                Problem(node, $"sources.{source}.skills: expected a mapping of skill to share, e.g. {{add: 2, sort: 1}}");
                return shares;
            }

            foreach (var (keyNode, value) in map.Children)
            {
                var skill = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
                lines[prefix + skill] = (int)keyNode.Start.Line;
                if (Number(value, $"sources.{source}.skills.{skill}") is { } share)
                {
                    shares[skill] = share;
                }
            }

            return shares;
        }

        private string? Text(YamlNode node, string field)
        {
            if (node is YamlScalarNode scalar)
            {
                return scalar.Value;
            }

            Problem(node, $"{field}: expected a single value");
            return null;
        }

        private ulong Seed(YamlNode node)
        {
            if (Text(node, "seed") is { } text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            {
                return seed;
            }

            Problem(node, "seed: expected a whole number ≥ 0");
            return 1;
        }

        private int? Int(Dictionary<string, YamlNode> fields, string key, string prefix = "")
        {
            if (!fields.TryGetValue(key, out var node))
            {
                return null;
            }

            if (Text(node, prefix + key) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Problem(node, $"{prefix}{key}: expected a whole number");
            return null;
        }

        private double? Double(Dictionary<string, YamlNode> fields, string key, string prefix) =>
            fields.TryGetValue(key, out var node) ? Number(node, prefix + key) : null;

        private double? Number(YamlNode node, string field)
        {
            if (Text(node, field) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Problem(node, $"{field}: expected a number");
            return null;
        }
    }
}
