namespace DataSearch.Search;

/// <summary>
/// The files of a search run folder (and of a comparison's), named in this one place
/// (docs/search.md → Run folder). The controller, the comparison, the CLI and the report go through it.
/// </summary>
/// <param name="Root">The run folder.</param>
public sealed record SearchRunFolder(string Root)
{
    /// <summary>The search log's file name: a folder holding it is a search run.</summary>
    public const string LogName = "search_log.jsonl";

    /// <summary>A comparison's results file name: a folder holding it is a comparison.</summary>
    public const string ComparisonName = "compare.json";

    /// <summary>The settings used (<c>config.yaml</c>).</summary>
    public string Config => Path.Combine(Root, "config.yaml");

    /// <summary>The append-only engine log (<c>engine.log</c>).</summary>
    public string EngineLog => Path.Combine(Root, "engine.log");

    /// <summary>One line per evaluated candidate (<c>search_log.jsonl</c>).</summary>
    public string Log => Path.Combine(Root, LogName);

    /// <summary>A multi-fidelity search's cheap evaluations (<c>screening_log.jsonl</c>).</summary>
    public string ScreeningLog => Path.Combine(Root, "screening_log.jsonl");

    /// <summary>The evaluations chosen and not all finished (<c>batch.json</c>; see <see cref="SearchBatch"/>).</summary>
    public string Batch => Path.Combine(Root, "batch.json");

    /// <summary>The search tree for reports (<c>search_tree.json</c>).</summary>
    public string Tree => Path.Combine(Root, "search_tree.json");

    /// <summary>Record <paramref name="id"/>'s recipe (<c>recipes/ID.json</c>).</summary>
    public string Recipe(string id) => Path.Combine(Root, "recipes", $"{id}.json");

    /// <summary>Record <paramref name="id"/>'s execution trace (<c>traces/ID.json</c>).</summary>
    public string Trace(string id) => Path.Combine(Root, "traces", $"{id}.json");

    /// <summary>The subset with hash <paramref name="hash"/> (<c>subsets/HASH.ids</c>).</summary>
    public string Subset(string hash) => Path.Combine(Root, "subsets", $"{hash}.ids");

    /// <summary>The folders a search writes into, created at its start.</summary>
    public IEnumerable<string> Folders => [Path.Combine(Root, "recipes"), Path.Combine(Root, "subsets"), Path.Combine(Root, "traces")];

    /// <summary>A comparison's results (<c>compare.json</c>).</summary>
    public string Comparison => Path.Combine(Root, ComparisonName);

    /// <summary>A comparison's cache of evaluations shared by its methods (<c>evaluations.jsonl</c>).</summary>
    public string EvaluationCache => Path.Combine(Root, "evaluations.jsonl");
}
