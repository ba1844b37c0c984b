using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Models.Signals;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.World;

namespace DataSearch.Models.Setup;

/// <summary>
/// Resolves what the signal and recipe commands work on, as an environment (<see cref="IDataEnvironment"/>).
/// An <c>environment:</c> block names it; <c>--world W</c> is the world environment W (its pool, targets and
/// benchmarks, each replaceable by an explicit path); <c>--pool P</c> alone is a files environment over P,
/// with <c>--targets</c> and <c>--benchmarks</c> (a folder of question files, for decontamination).
/// Signals live in <c>POOL/signals</c> unless <c>--signals</c> names another folder (e.g. a run's cache).
/// </summary>
public sealed record SignalSetup(
    string PoolFolder,
    OpenedPool Opened,
    string SignalFolder,
    IReadOnlyList<TargetSet> Targets,
    IReadOnlyList<TargetSet> Benchmarks,
    IDataEnvironment Environment)
{
    public SamplePool Pool => Opened.Pool;

    public string PoolHash => Opened.Manifest.PoolHash;

    public SignalInput Input => new(Pool, PoolHash, Targets);

    /// <summary>The world folder when the environment is a saved world (for its ground truth in diagnostics), else null.</summary>
    public string? WorldFolder => (Environment as WorldEnvironment)?.Folder;

    /// <summary>The pool, targets and benchmarks folders that explicit paths or a world name (a world supplies any not given).</summary>
    public static (string Pool, string? Targets, string? Benchmarks) DataFolders(string? world, string? pool, string? targets, string? benchmarks) =>
        (pool ?? Path.Combine(world ?? throw new UsageException("give --world DIR (a generated world) or --pool DIR (an imported pool)"), WorldStore.PoolFolder),
         targets ?? (world is null ? null : Path.Combine(world, "targets")),
         benchmarks ?? (world is null ? null : Path.Combine(world, "benchmarks")));

    /// <summary>The environment an <c>environment:</c> block, or the short form (world, pool, targets), names.</summary>
    public static IDataEnvironment EnvironmentOf(EnvironmentSettings? block, string? world, string? pool, string? targets)
    {
        if (block is not null)
        {
            return EnvironmentFactory.Create(block);
        }

        if (world is not null)
        {
            if (!File.Exists(Path.Combine(world, WorldStore.ManifestFile)))
            {
                throw new UsageException($"{world}: not a world folder (no {WorldStore.ManifestFile}); make one with `datasearch world generate -o {world}`");
            }

            return WorldEnvironment.Open(world);
        }

        return new FilesEnvironment(new EnvironmentSettings { Kind = "files", Pool = pool ?? throw new UsageException("give --world DIR (a generated world) or --pool DIR (an imported pool)"), Targets = targets });
    }

    /// <summary>The pool, signal folder, targets, benchmark questions and environment the arguments name; <paramref name="note"/> hears of a rebuilt pool cache.</summary>
    public static SignalSetup Resolve(Action<string> note, string? world, string? pool, string? targets, string? benchmarks, string? signals, EnvironmentSettings? block = null)
    {
        if (world is null && pool is null && block is null)
        {
            throw new UsageException("give --world DIR (a generated world) or --pool DIR (an imported pool)");
        }

        var data = EnvironmentOf(block, world, pool, targets);
        var poolFolder = pool ?? data.PoolFolder!;
        if (!PoolStore.IsPool(poolFolder))
        {
            throw new UsageException($"{poolFolder}: not a pool folder (no {PoolStore.ManifestFile}); make one with `datasearch pool import`");
        }

        var opened = PoolStore.Open(poolFolder);
        if (opened.RebuiltCache is { } reason)
        {
            note($"note: rebuilt {PoolStore.CacheFile} from {PoolStore.SamplesFile} ({reason})");
        }

        // Decontamination needs only the benchmarks' questions: an explicit folder of question files, else the environment's benchmarks.
        var questions = benchmarks is not null ? TargetSetReader.ReadFolder(benchmarks, questionsOnly: true)
            : block is null && world is null ? []
            : [.. data.Benchmarks().OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => b.Questions())];
        return new SignalSetup(
            poolFolder,
            opened,
            signals ?? SignalStore.DefaultFolderFor(poolFolder),
            targets is not null ? TargetSetReader.ReadFolder(targets) : data.Targets(),
            questions,
            data);
    }

    /// <summary>The providers to run: the text ones always, relevance with targets, the model ones unless disabled, then the extensions' features.</summary>
    public IReadOnlyList<ISignalProvider> Providers(RunHost host, bool withModel, string modelProfile, IReadOnlyList<ISignalProvider> extensionFeatures, bool withEmbeddings = false, bool withCrossFit = false)
    {
        var providers = new List<ISignalProvider>(TextProviders.For(withTargets: Targets.Count > 0));

        if (withModel)
        {
            ArgumentNullException.ThrowIfNull(host);
            var options = EmbeddedModelOptions.Profile(modelProfile) ?? throw new UsageException($"model: unknown profile '{modelProfile}'; expected {string.Join(", ", ModelProfiles.Names)}");
            // The scoring model knows the environment's own text (a user's pool: its instructions and corpus).
            var corpus = Environment.PretrainingText();
            LanguageModel.UseThreads(options.Threads);
            var (model, path, built) = host.Stages.Run("base model", progress =>
                BaseModelCache.GetOrBuild(corpus, options.Model, options.Pretraining, BaseModelCache.DefaultFolder(), progress, host.Cancellation));
            host.Note($"scoring model {(built ? "pre-trained and cached" : "loaded from cache")}: {path} (pre-trained on the {Environment.Kind} environment's text)");
            providers.AddRange(ModelProviders.For(model, Path.GetFileNameWithoutExtension(path), withTargets: Targets.Count > 0, quickSae: modelProfile == "tiny"));
            if (withCrossFit)
            {
                providers.Add(new CrossFitSignals(model, Path.GetFileNameWithoutExtension(path), options.FineTuning, threads: options.Threads));
            }
        }

        if (withEmbeddings)
        {
            providers.Add(new EmbeddingSignals());
        }

        providers.AddRange(extensionFeatures);
        return providers;
    }

    /// <summary>Loads the cached signals, warning about files computed for another pool.</summary>
    public SignalSet LoadSignals(Action<string> warn)
    {
        var (signals, stale) = new SignalStore(SignalFolder).Load(PoolHash, Pool.Count);
        foreach (var path in stale)
        {
            warn($"warning: {path} was computed for another pool or an older format; ignored (run `datasearch signals compute` again)");
        }

        return signals;
    }
}
