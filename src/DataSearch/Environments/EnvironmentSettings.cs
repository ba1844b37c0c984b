using DataSearch.Errors;

namespace DataSearch.Environments;

/// <summary>
/// The <c>environment:</c> block of a config. <c>kind: world</c> takes a world folder (<c>path</c>);
/// <c>kind: files</c> takes a user's own data: a pool, benchmark files, target sets, a corpus and a pool
/// to draw acquisition tasks from. Paths are relative to the config file.
/// </summary>
public sealed class EnvironmentSettings
{
    /// <summary>The kinds there are.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["world", "files"];

    /// <summary><c>world</c> or <c>files</c>.</summary>
    public string Kind { get; init; } = "files";

    /// <summary>The world folder (<c>kind: world</c>).</summary>
    public string? Path { get; init; }

    /// <summary>The pool folder (<c>kind: files</c>).</summary>
    public string? Pool { get; init; }

    /// <summary>Benchmark files or folders (<c>kind: files</c>).</summary>
    public List<BenchmarkSource> Benchmarks { get; init; } = [];

    /// <summary>A folder of target-set JSONL files, one per benchmark (<c>kind: files</c>).</summary>
    public string? Targets { get; init; }

    /// <summary>A JSONL corpus for retrieval and pre-training (<c>kind: files</c>).</summary>
    public string? Corpus { get; init; }

    /// <summary>The corpus's text field.</summary>
    public string CorpusTextField { get; init; } = "text";

    /// <summary>The corpus's title field.</summary>
    public string CorpusTitleField { get; init; } = "title";

    /// <summary>Corpus documents read at most (all when not given): pre-training and indexing time grow with them.</summary>
    public int? CorpusDocuments { get; init; }

    /// <summary>A pool whose samples become acquisition tasks (<c>kind: files</c>; the pool itself when not given).</summary>
    public string? TasksPool { get; init; }

    /// <summary>How the tasks pool's samples are grouped into tasks: <c>tag</c> or <c>source</c>.</summary>
    public string TasksGroupBy { get; init; } = "tag";

    /// <summary>The checker of the tasks' answers.</summary>
    public string TasksChecker { get; init; } = "exact";

    /// <summary>Seed of benchmark draws (<c>limit</c>) and option orders.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The same settings with every path made absolute against <paramref name="folder"/> (the config file's).</summary>
    public EnvironmentSettings ResolvedAgainst(string folder)
    {
        string? Resolve(string? path) => path is null ? null : System.IO.Path.GetFullPath(path, folder);
        return new EnvironmentSettings
        {
            Kind = Kind,
            Path = Resolve(Path),
            Pool = Resolve(Pool),
            Benchmarks = [.. Benchmarks.Select(b => new BenchmarkSource { Path = Resolve(b.Path), Name = b.Name, Checker = b.Checker, Kind = b.Kind, Limit = b.Limit })],
            Targets = Resolve(Targets),
            Corpus = Resolve(Corpus),
            CorpusTextField = CorpusTextField,
            CorpusTitleField = CorpusTitleField,
            CorpusDocuments = CorpusDocuments,
            TasksPool = Resolve(TasksPool),
            TasksGroupBy = TasksGroupBy,
            TasksChecker = TasksChecker,
            Seed = Seed,
        };
    }

    /// <summary>Everything wrong with the settings, as <c>environment.field: problem</c> lines; empty when they are good.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add("environment." + problem);
            }
        }

        Require(Kinds.Contains(Kind), $"kind: '{Kind}' is not one of {string.Join(", ", Kinds)}");
        if (Kind == "world")
        {
            Require(Path is not null, "path: a world environment needs its folder (made by `datasearch world generate`)");
            Require(Pool is null && Benchmarks.Count == 0 && Targets is null && Corpus is null && TasksPool is null, "kind: world takes only `path`; pool, benchmarks, targets, corpus and tasks_pool belong to kind: files");
        }
        else if (Kind == "files")
        {
            Require(Pool is not null, "pool: a files environment needs a pool folder (made by `datasearch pool import`)");
            Require(Path is null, "path: only a world environment has one (kind: files names pool, benchmarks, …)");
            Require(Pool is null || Directory.Exists(Pool), $"pool: {Pool} is not a folder");
            foreach (var (source, i) in Benchmarks.Select((b, i) => (b, i)))
            {
                Require(source.Path is not null, $"benchmarks[{i}].path: missing");
                Require(source.Path is null || File.Exists(source.Path) || Directory.Exists(source.Path), $"benchmarks[{i}].path: {source.Path} does not exist");
                Require(source.Name is null || source.Path is null || !Directory.Exists(source.Path), $"benchmarks[{i}].name: a folder's benchmarks are named after their files");
                Require(source.Kind is "in_distribution" or "out_of_distribution", $"benchmarks[{i}].kind: '{source.Kind}' is not in_distribution or out_of_distribution");
                Require(source.Limit is null or >= 1, $"benchmarks[{i}].limit: must be ≥ 1");
            }

            Require(Targets is null || Directory.Exists(Targets), $"targets: {Targets} is not a folder");
            Require(Corpus is null || File.Exists(Corpus), $"corpus: {Corpus} does not exist");
            Require(CorpusDocuments is null or >= 1, "corpus_documents: must be ≥ 1");
            Require(TasksPool is null || Directory.Exists(TasksPool), $"tasks_pool: {TasksPool} is not a folder");
            Require(PoolTasks.Groupings.Contains(TasksGroupBy), $"tasks_group_by: '{TasksGroupBy}' is not one of {string.Join(", ", PoolTasks.Groupings)}");
        }

        return problems;
    }

    /// <summary>Throws <see cref="InvalidConfigurationException"/> listing every problem, if any.</summary>
    public void ThrowIfInvalid()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new InvalidConfigurationException("environment", problems);
        }
    }
}
