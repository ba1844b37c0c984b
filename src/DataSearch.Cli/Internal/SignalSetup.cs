using DataSearch.Errors;
using DataSearch.Models;
using DataSearch.Models.Signals;
using DataSearch.Pool;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.World;

namespace DataSearch.Cli.Internal;

/// <summary>
/// Resolves what the signal and recipe commands work on. <c>--world W</c> means the pool W/pool, the
/// targets W/targets and the benchmarks W/benchmarks; <c>--pool P</c> with <c>--targets</c> and
/// <c>--benchmarks</c> works on any pool. Signals live in <c>POOL/signals</c> unless <c>--signals</c>
/// names another folder (e.g. a run's cache).
/// </summary>
internal sealed record SignalSetup(
    string PoolFolder,
    OpenedPool Opened,
    string SignalFolder,
    IReadOnlyList<TargetSet> Targets,
    IReadOnlyList<TargetSet> Benchmarks,
    string? WorldFolder)
{
    public SamplePool Pool => Opened.Pool;

    public string PoolHash => Opened.Manifest.PoolHash;

    public SignalInput Input => new(Pool, PoolHash, Targets);

    /// <summary>The pool, targets and benchmarks folders that explicit paths or a world name (a world supplies any not given).</summary>
    public static (string Pool, string? Targets, string? Benchmarks) DataFolders(string? world, string? pool, string? targets, string? benchmarks) =>
        (pool ?? Path.Combine(world ?? throw new UsageException("give --world DIR (a generated world) or --pool DIR (an imported pool)"), WorldStore.PoolFolder),
         targets ?? (world is null ? null : Path.Combine(world, "targets")),
         benchmarks ?? (world is null ? null : Path.Combine(world, "benchmarks")));

    /// <summary>A pool folder's content hash from its manifest, or <c>missing</c> when it is not a pool (for run fingerprints).</summary>
    public static string PoolContent(string folder) => PoolStore.IsPool(folder) ? PoolStore.ReadManifest(folder).PoolHash : "missing";

    public static SignalSetup Resolve(CliEnvironment environment, string? world, string? pool, string? targets, string? benchmarks, string? signals)
    {
        if (world is null && pool is null)
        {
            throw new UsageException("give --world DIR (a generated world) or --pool DIR (an imported pool)");
        }

        if (world is not null && !File.Exists(Path.Combine(world, WorldStore.ManifestFile)))
        {
            throw new UsageException($"{world}: not a world folder (no {WorldStore.ManifestFile}); make one with `datasearch world generate -o {world}`");
        }

        var (poolFolder, targetFolder, benchmarkFolder) = DataFolders(world, pool, targets, benchmarks);
        if (!PoolStore.IsPool(poolFolder))
        {
            throw new UsageException($"{poolFolder}: not a pool folder (no {PoolStore.ManifestFile}); make one with `datasearch pool import`");
        }

        var opened = PoolStore.Open(poolFolder);
        if (opened.RebuiltCache is { } reason)
        {
            environment.Error.WriteLine($"note: rebuilt {PoolStore.CacheFile} from {PoolStore.SamplesFile} ({reason})");
        }

        return new SignalSetup(
            poolFolder,
            opened,
            signals ?? SignalStore.DefaultFolderFor(poolFolder),
            targetFolder is null ? [] : TargetSetReader.ReadFolder(targetFolder),
            benchmarkFolder is null ? [] : TargetSetReader.ReadFolder(benchmarkFolder, questionsOnly: true),
            world);
    }

    /// <summary>The providers to run: the text ones always, relevance with targets, the model ones unless disabled, then the extensions' features.</summary>
    public IReadOnlyList<ISignalProvider> Providers(CliEnvironment environment, bool withModel, string modelProfile, IReadOnlyList<ISignalProvider> extensionFeatures)
    {
        var providers = new List<ISignalProvider> { new TextSignals(), new ExactDuplicates(), new NearDuplicates() };
        if (Targets.Count > 0)
        {
            providers.Add(new Relevance());
        }

        if (withModel)
        {
            var options = EmbeddedSetup.Profile(modelProfile);
            var corpus = WorldFolder is not null
                ? WorldStore.ReadPretrainingText(WorldFolder)
                : WorldGenerator.Generate(WorldOptions.Default(1)).PretrainingText;
            LanguageModel.UseThreads(options.Threads);
            var (model, path, built) = ProgressDisplay.Run(environment, "base model", progress =>
                BaseModelCache.GetOrBuild(corpus, options.Model, options.Pretraining, BaseModelCache.DefaultFolder(), progress, environment.Cancellation));
            environment.Error.WriteLine($"scoring model {(built ? "pre-trained and cached" : "loaded from cache")}: {path}{(WorldFolder is null ? " (the built-in world's base model)" : string.Empty)}");
            var key = Path.GetFileNameWithoutExtension(path);
            providers.Add(new ModelSignals(model, key));
            if (Targets.Count > 0)
            {
                providers.Add(new SaeSignals(model, key, modelProfile == "tiny" ? new SaeOptions(Steps: 100) : new SaeOptions()));
            }
        }

        providers.AddRange(extensionFeatures);
        return providers;
    }

    /// <summary>Loads the cached signals, warning about files computed for another pool.</summary>
    public SignalSet LoadSignals(CliEnvironment environment)
    {
        var (signals, stale) = new SignalStore(SignalFolder).Load(PoolHash, Pool.Count);
        foreach (var path in stale)
        {
            environment.Error.WriteLine($"warning: {path} was computed for another pool or an older format; ignored (run `datasearch signals compute` again)");
        }

        return signals;
    }
}
