using System.Globalization;
using System.Text.RegularExpressions;
using DataSearch.Errors;
using DataSearch.Export;
using DataSearch.IO;
using DataSearch.Pool;

namespace DataSearch.Evaluation;

/// <summary>
/// The folder of one external evaluation, <c>RUN/evaluations/HASH-seedN/</c>, shared by the command
/// and Slurm backends: its placeholders, the exported subset, its logs and its result file.
/// </summary>
public sealed partial class EvaluationWorkspace
{
    private readonly EvaluatorSettings settings;
    private readonly Dictionary<string, string> values;

    /// <summary>Lays out the workspace of <paramref name="request"/> under <paramref name="runFolder"/> (nothing is written yet).</summary>
    public EvaluationWorkspace(EvaluatorSettings settings, string runFolder, EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(request);
        this.settings = settings;
        Request = request;
        var hash = SubsetHash.Of(request.Subset);
        Id = $"{hash[..Math.Min(16, hash.Length)]}-seed{request.Seed}";
        Folder = Path.GetFullPath(Path.Combine(runFolder, "evaluations", Id));
        var subsetDir = Path.Combine(Folder, "subset");
        var name = settings.Llamafactory.DatasetName;
        values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["run_dir"] = Path.GetFullPath(runFolder),
            ["eval_dir"] = Folder,
            ["eval_id"] = Id,
            ["subset_dir"] = subsetDir,
            ["subset_ids"] = Path.Combine(subsetDir, "subset.ids"),
            ["subset_file"] = Path.Combine(subsetDir, SubsetFileName(name)),
            ["train_config"] = Path.Combine(subsetDir, $"{name}.train.yaml"),
            ["dataset_name"] = name,
            ["model_dir"] = Path.Combine(Folder, "model"),
            ["samples"] = request.Subset.Count.ToString(CultureInfo.InvariantCulture),
            ["seed"] = request.Seed.ToString(CultureInfo.InvariantCulture),
        };
        ResultPath = Path.GetFullPath(Substitute(settings.Result, quote: false), WorkingDirectory);
        values["result"] = ResultPath;
    }

    /// <summary>The evaluation's name: the subset's hash and the seed.</summary>
    public string Id { get; }

    /// <summary>The evaluation's folder.</summary>
    public string Folder { get; }

    /// <summary>What is evaluated.</summary>
    public EvaluationRequest Request { get; }

    /// <summary>Where the commands leave the scores.</summary>
    public string ResultPath { get; }

    /// <summary>The folder of the commands' logs (created on first use).</summary>
    public string LogFolder => Directory.CreateDirectory(Path.Combine(Folder, "logs")).FullName;

    /// <summary>The commands' working directory.</summary>
    public string WorkingDirectory => settings.WorkingDirectory ?? Directory.GetCurrentDirectory();

    /// <summary>The configured commands with their placeholders filled and shell-quoted.</summary>
    public IReadOnlyList<string> Commands => [.. settings.Commands.Select(c => Substitute(c, quote: true))];

    /// <summary>Quotes a value for <c>/bin/sh</c>: inside single quotes nothing is special, and a single quote is closed, escaped and reopened.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The result of a run that already finished (complete and valid), or null.</summary>
    public EvaluationResult? FinishedResult()
    {
        if (!File.Exists(ResultPath))
        {
            return null;
        }

        try
        {
            var (scores, objective, tokens) = ResultFile.Read(ResultPath);
            return new EvaluationResult(scores, objective, new EvaluationCost(tokens, 0, 0, 0, 0), [$"reused {ResultPath}"]);
        }
        catch (CorruptDataException)
        {
            // Left half-written by a run that was killed: the evaluation runs again.
            return null;
        }
    }

    /// <summary>The result of a run that already finished, saying so in the log; null when the evaluation has to run.</summary>
    public EvaluationResult? Reused(Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(log);
        var done = FinishedResult();
        if (done is not null)
        {
            log($"{Id}: result already on disk ({ResultPath}); not run again");
        }

        return done;
    }

    /// <summary>Clears an old result and writes the subset (ids and the configured export) into <c>subset/</c>.</summary>
    public void Prepare()
    {
        if (File.Exists(ResultPath))
        {
            File.Delete(ResultPath);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ResultPath)!);
        var subsetDir = Directory.CreateDirectory(values["subset_dir"]).FullName;
        var pool = Request.Pool;
        SubsetFile.Write(values["subset_ids"], pool, Request.Subset);
        var lf = settings.Llamafactory;
        SubsetExport.Write(settings.Export, pool, Request.Subset, settings.Export == "llamafactory" ? subsetDir : values["subset_file"], new LlamaFactoryOptions(
            lf.DatasetName, lf.Model, lf.Template, lf.FinetuningType, lf.Epochs, lf.CutoffLen, lf.LearningRate, values["model_dir"], lf.TrainTemplate, Request.Seed));
    }

    /// <summary>The scores the commands wrote, checked (a problem names the file and field).</summary>
    public EvaluationResult ReadResult(double seconds, string note)
    {
        var (scores, objective, tokens) = ResultFile.Read(ResultPath);
        return new EvaluationResult(scores, objective, new EvaluationCost(tokens, 0, seconds, 0, seconds), [note]);
    }

    /// <summary>The last lines of a log (a command's stderr, else its stdout), for an error message.</summary>
    public static string Tail(IEnumerable<string> files, int lines = 15)
    {
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                continue;
            }

            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var last = reader.ReadToEnd().Split('\n').Where(l => l.Length > 0).TakeLast(lines).ToList();
            if (last.Count > 0)
            {
                return $"; last lines of {Path.GetFileName(file)}:\n  " + string.Join("\n  ", last);
            }
        }

        return "; it printed nothing";
    }

    private string SubsetFileName(string name) => settings.Export switch
    {
        "jsonl" => "subset.jsonl",
        "parquet" => "subset.parquet",
        _ => $"{name}.json",
    };

    private string Substitute(string template, bool quote) =>
        Placeholders.Pattern().Replace(template, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? quote ? ShellQuote(value) : value
            : throw new InvalidConfigurationException("evaluator", [$"unknown placeholder {match.Value}"]));
}
