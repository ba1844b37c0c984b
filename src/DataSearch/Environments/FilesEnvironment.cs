using DataSearch.Checkers;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Retrieval;
using DataSearch.Runs;
using DataSearch.Signals;
using DataSearch.Teachers;
using DataSearch.Text;

namespace DataSearch.Environments;

/// <summary>
/// A user's own data as an environment: a canonical pool, benchmark files read with the checker each
/// format calls for (<see cref="BenchmarkFiles"/>), target sets, a JSONL corpus read by
/// <see cref="ContinuationReader"/>, and acquisition tasks drawn from a pool. It has no built-in teacher
/// (its teacher is an endpoint) and no hidden ground truth. Pre-training text is the pool's instructions
/// and the corpus, never a benchmark's questions or answers. Everything is read when first asked for.
/// </summary>
public sealed class FilesEnvironment : IDataEnvironment
{
    private readonly EnvironmentSettings settings;
    private readonly AnswerCheckers checkers;
    private readonly Lazy<IReadOnlyList<Benchmark>> benchmarks;
    private readonly Lazy<SamplePool> pool;

    /// <summary>Checks <paramref name="settings"/> (absolute paths; see <see cref="EnvironmentSettings.ResolvedAgainst"/>) and builds the environment.</summary>
    public FilesEnvironment(EnvironmentSettings settings, AnswerCheckers? checkers = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Kind != "files")
        {
            throw new ArgumentException($"kind is '{settings.Kind}', not files", nameof(settings));
        }

        settings.ThrowIfInvalid();
        this.settings = settings;
        this.checkers = checkers ?? new AnswerCheckers();
        benchmarks = new(ReadBenchmarks);
        pool = new(() => PoolStore.Open(settings.Pool!).Pool);
    }

    public string Kind => "files";

    public string Description => $"files: pool {settings.Pool}, {settings.Benchmarks.Count} benchmark source(s){(settings.Corpus is null ? string.Empty : $", corpus {Path.GetFileName(settings.Corpus)}")}";

    public string? PoolFolder => settings.Pool!;

    public SamplePool Pool() => pool.Value;

    public IReadOnlyList<Benchmark> Benchmarks() => benchmarks.Value;

    public IReadOnlyList<TargetSet> Targets() => settings.Targets is null ? [] : TargetSetReader.ReadFolder(settings.Targets);

    public IReadOnlyList<string> PretrainingText()
    {
        var pool = Pool();
        var lines = new List<string>(pool.Count);
        for (var i = 0; i < pool.Count; i++)
        {
            if (SampleText.Instruction(pool, i) is { Length: > 0 } instruction)
            {
                lines.Add(instruction);
            }
        }

        if (settings.Corpus is not null)
        {
            // The passages' text only: no retrieval index is built for pre-training.
            lines.AddRange(KnowledgeCorpus.ReadPassages(settings.Corpus, settings.CorpusTextField, settings.CorpusTitleField, maxDocuments: settings.CorpusDocuments).Select(p => p.Text));
        }

        return lines;
    }

    public KnowledgeCorpus OpenCorpus() => settings.Corpus is null
        ? KnowledgeCorpus.FromPassages("none", [])
        : KnowledgeCorpus.FromJsonl(settings.Corpus, settings.CorpusTextField, settings.CorpusTitleField, maxDocuments: settings.CorpusDocuments);

    public IReadOnlyList<AcquisitionTask> Tasks(ulong seed)
    {
        var checker = checkers.Find(settings.TasksChecker) ?? throw new UsageException($"environment.tasks_checker: no answer checker called '{settings.TasksChecker}'; known: {string.Join(", ", checkers.Names)}");
        return PoolTasks.Build((settings.TasksPool is { } tasks ? PoolStore.Open(tasks).Pool : Pool()), settings.TasksGroupBy, seed, checker);
    }

    public ITeacher? BuiltInTeacher(double noise) => null;

    public IReadOnlyDictionary<string, string> ContentHashes()
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["pool"] = PoolStore.ContentHash(settings.Pool!),
        };
        foreach (var (source, i) in settings.Benchmarks.Select((b, i) => (b, i)))
        {
            hashes[$"benchmarks[{i}]"] = Directory.Exists(source.Path) ? RunFingerprint.HashFolder(source.Path!) : RunFingerprint.HashFile(source.Path!);
        }

        if (settings.Targets is { } targets)
        {
            hashes["targets"] = RunFingerprint.HashFolder(targets);
        }

        if (settings.Corpus is { } corpus)
        {
            hashes["corpus"] = RunFingerprint.HashFile(corpus);
        }

        if (settings.TasksPool is { } tasks)
        {
            hashes["tasks_pool"] = PoolStore.ContentHash(tasks);
        }

        return hashes;
    }

    private List<Benchmark> ReadBenchmarks()
    {
        var read = new List<Benchmark>();
        foreach (var source in settings.Benchmarks)
        {
            var kind = source.Kind == "out_of_distribution" ? BenchmarkKind.OutOfDistribution : BenchmarkKind.InDistribution;
            var files = Directory.Exists(source.Path) ? BenchmarkFiles.FilesIn(source.Path!) : [source.Path!];
            read.AddRange(files.Select(f => BenchmarkFiles.Read(f, checkers, new BenchmarkFileOptions(source.Name, source.Checker, kind, source.Limit, settings.Seed))));
        }

        var twice = read.GroupBy(b => b.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        return twice.Count == 0 ? read : throw new UsageException($"environment.benchmarks: two benchmarks are called {string.Join(", ", twice)}; give one a `name:`");
    }
}
