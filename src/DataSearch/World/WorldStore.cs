using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.IO;
using DataSearch.Pool;

namespace DataSearch.World;

/// <summary>
/// Writes a generated world as a folder and reads back what evaluation needs:
/// <c>world.json</c>, <c>pool/</c>, <c>ground_truth.jsonl</c> (hidden from search),
/// <c>benchmarks/NAME.jsonl</c>, <c>targets/NAME.jsonl</c>, <c>corpus/encyclopedia.jsonl</c>,
/// <c>corpus/pretrain.txt</c> and <c>subsets/NAME.ids</c>.
/// </summary>
public static class WorldStore
{
    public const string ManifestFile = "world.json";
    public const string PoolFolder = "pool";
    public const string GroundTruthFile = "ground_truth.jsonl";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        RespectNullableAnnotations = true,
    };

    private static readonly JsonSerializerOptions IndentedJson = new(Json) { WriteIndented = true };

    /// <summary>Writes <paramref name="world"/> into <paramref name="folder"/>, which must not hold another world unless <paramref name="overwrite"/>.</summary>
    public static WorldManifest Save(GeneratedWorld world, string folder, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(world);
        if (File.Exists(Path.Combine(folder, ManifestFile)) && !overwrite)
        {
            throw new UsageException($"{folder}: a world already exists there; pass --force to replace it");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !File.Exists(Path.Combine(folder, ManifestFile)))
        {
            throw new UsageException($"{folder}: the folder exists and is not a world; choose another output folder");
        }

        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, ManifestFile));
        var poolManifest = PoolStore.Save(world.Pool, Path.Combine(folder, PoolFolder), [], overwrite: true);
        WriteLines(Path.Combine(folder, GroundTruthFile), world.Truth);
        foreach (var benchmark in world.Benchmarks)
        {
            WriteLines(Path.Combine(folder, "benchmarks", $"{benchmark.Name}.jsonl"), benchmark.Items);
            var targets = world.Targets[benchmark.Name].Select((item, i) => new
            {
                sample_id = $"{benchmark.Name}-target-{i:D3}",
                messages = new[] { new { role = "user", content = item.Prompt }, new { role = "assistant", content = item.Answer } },
                source_name = $"target_{benchmark.Name}",
                target = item.Answer,
            });
            WriteLines(Path.Combine(folder, "targets", $"{benchmark.Name}.jsonl"), targets);
        }

        WriteLines(Path.Combine(folder, "corpus", "encyclopedia.jsonl"), world.Encyclopedia.Documents());
        AtomicFile.WriteAllText(Path.Combine(folder, "corpus", "pretrain.txt"), string.Join('\n', world.PretrainingText) + "\n");
        foreach (var (name, indices) in world.Subsets)
        {
            SubsetFile.Write(Path.Combine(folder, "subsets", $"{name}.ids"), world.Pool, indices);
        }

        var manifest = WorldManifest.Describe(world, poolManifest.PoolHash);
        AtomicFile.WriteAllText(Path.Combine(folder, ManifestFile), JsonSerializer.Serialize(manifest, IndentedJson) + "\n");
        return manifest;
    }

    /// <summary>Reads a world folder's manifest.</summary>
    public static WorldManifest ReadManifest(string folder)
    {
        WorldAccess.Enter("world folder");
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path))
        {
            throw new UsageException($"{folder}: not a world folder (no {ManifestFile}); create one with 'datasearch world generate'");
        }

        try
        {
            return JsonSerializer.Deserialize<WorldManifest>(File.ReadAllText(path), Json)
                ?? throw new CorruptDataException(path, "empty world manifest");
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(path, $"unreadable world manifest: {e.Message}", e);
        }
    }

    /// <summary>Reads the benchmarks of a world folder, in manifest order.</summary>
    public static IReadOnlyList<Benchmark> ReadBenchmarks(string folder)
    {
        WorldAccess.Enter("world folder");
        var manifest = ReadManifest(folder);
        return [.. manifest.Benchmarks.Select(b => new Benchmark(
            b.Name,
            b.Kind,
            ReadLines<BenchmarkItem>(Path.Combine(folder, "benchmarks", $"{b.Name}.jsonl")),
            WorldSkills.CheckerFor(b.Skill) ?? throw new CorruptDataException(Path.Combine(folder, ManifestFile), $"benchmark '{b.Name}': no world skill called '{b.Skill}'")))];
    }

    /// <summary>Reads the hidden ground truth (for scoring and world checks, never for search).</summary>
    public static IReadOnlyList<GroundTruth> ReadGroundTruth(string folder) =>
        ReadLines<GroundTruth>(Path.Combine(folder, GroundTruthFile));

    /// <summary>Reads the encyclopedia's articles.</summary>
    public static IReadOnlyList<EncyclopediaDocument> ReadEncyclopedia(string folder) =>
        ReadLines<EncyclopediaDocument>(Path.Combine(folder, "corpus", "encyclopedia.jsonl"));

    /// <summary>Reads the base model's pre-training lines.</summary>
    public static IReadOnlyList<string> ReadPretrainingText(string folder)
    {
        WorldAccess.Enter("world folder");
        return [.. File.ReadAllLines(Path.Combine(folder, "corpus", "pretrain.txt")).Where(l => l.Length > 0)];
    }

    private static void WriteLines<T>(string path, IEnumerable<T> records) =>
        AtomicFile.Write(path, stream =>
        {
            foreach (var record in records)
            {
                JsonSerializer.Serialize(stream, record, Json);
                stream.WriteByte((byte)'\n');
            }
        });

    private static List<T> ReadLines<T>(string path)
    {
        WorldAccess.Enter("world folder");
        if (!File.Exists(path))
        {
            throw new CorruptDataException(path, "a file of the world folder is missing");
        }

        var records = new List<T>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("null record"));
            }
            catch (JsonException e)
            {
                throw new CorruptDataException(path, $"line {line}: {e.Message}", e);
            }
        }

        return records;
    }
}
