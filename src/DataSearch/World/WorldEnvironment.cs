using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataSearch.Environments;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Retrieval;
using DataSearch.Runs;
using DataSearch.Signals;
using DataSearch.Teachers;

namespace DataSearch.World;

/// <summary>
/// The built-in world as an environment: a world folder (<c>world generate</c> output) or a world
/// generated in memory from its options. Benchmarks score with the skills' checkers, the corpus is the
/// encyclopedia read by <see cref="EncyclopediaReader"/>, the teacher is <see cref="WorldTeacher"/>.
/// Its hidden ground truth is <see cref="GroundTruth"/>, outside the environment interface.
/// </summary>
public sealed class WorldEnvironment : IDataEnvironment
{
    private readonly string? folder;
    private readonly WorldOptions options;
    private readonly Lazy<GeneratedWorld> world;
    private readonly Lazy<SamplePool> pool;

    private WorldEnvironment(string? folder, WorldOptions options)
    {
        WorldAccess.Enter("world environment");
        this.folder = folder;
        this.options = options;
        world = new(() => WorldGenerator.Generate(options));
        pool = new(() => folder is null ? world.Value.Pool : PoolStore.Open(Path.Combine(folder, WorldStore.PoolFolder)).Pool);
    }

    /// <summary>The world saved in <paramref name="folder"/>; what is not saved (skills, teacher) is regenerated from its options when first needed.</summary>
    public static WorldEnvironment Open(string folder)
    {
        return new WorldEnvironment(folder, WorldStore.ReadManifest(folder).Options);
    }

    /// <summary>A world generated in memory from <paramref name="options"/> (when it is first needed).</summary>
    public static WorldEnvironment Generate(WorldOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new WorldEnvironment(null, options);
    }

    public string Kind => "world";

    /// <summary>The world folder, or null for a world generated in memory.</summary>
    public string? Folder => folder;

    public string Description => folder is null ? "world (generated in memory)" : $"world {folder}";

    public string? PoolFolder => folder is null ? null : Path.Combine(folder, WorldStore.PoolFolder);

    /// <summary>The world's hidden ground truth: for diagnostics and reports only.</summary>
    public WorldGroundTruth GroundTruth => folder is null ? WorldGroundTruth.Of(world.Value) : WorldGroundTruth.Read(folder, Pool());

    public SamplePool Pool() => pool.Value;

    public IReadOnlyList<Benchmark> Benchmarks() => folder is null ? world.Value.Benchmarks : WorldStore.ReadBenchmarks(folder);

    public IReadOnlyList<TargetSet> Targets() => folder is null
        ? [.. world.Value.Targets.Select(t => new TargetSet(t.Key, [.. t.Value.Select(i => i.Prompt + "\n" + i.Answer)]))]
        : TargetSetReader.ReadFolder(Path.Combine(folder, "targets"));

    public IReadOnlyList<string> PretrainingText() => folder is null ? world.Value.PretrainingText : WorldStore.ReadPretrainingText(folder);

    public KnowledgeCorpus OpenCorpus()
    {
        var documents = folder is null ? world.Value.Encyclopedia.Documents() : WorldStore.ReadEncyclopedia(folder);
        return KnowledgeCorpus.FromPassages("encyclopedia", [.. documents.Select(d => new CorpusPassage(d.Id, d.Title, d.Text))]);
    }

    public IReadOnlyList<AcquisitionTask> Tasks(ulong seed) => WorldTasks.Build(new WorldSkills(world.Value.Encyclopedia), seed);

    public ITeacher? BuiltInTeacher(double noise) => new WorldTeacher(new WorldSkills(world.Value.Encyclopedia), noise);

    public IReadOnlyDictionary<string, string> ContentHashes() => folder is null
        ? new Dictionary<string, string>(StringComparer.Ordinal) { ["world_options"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(options)))) }
        : new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["world"] = RunFingerprint.HashFile(Path.Combine(folder, WorldStore.ManifestFile)),
            ["pool"] = PoolStore.ContentHash(PoolFolder!),
        };
}
