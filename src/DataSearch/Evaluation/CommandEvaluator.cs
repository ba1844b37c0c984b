using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using DataSearch.Errors;
using DataSearch.Export;
using DataSearch.IO;
using DataSearch.Pool;
using DataSearch.Progress;
using DataSearch.Recipes;

namespace DataSearch.Evaluation;

/// <summary>
/// Trains and scores a subset with external commands (LLaMA-Factory, vLLM, any script): for each
/// evaluation it writes the subset into <c>RUN/evaluations/ID/subset/</c>, runs the configured
/// commands one after another through <c>/bin/sh -c</c> with placeholders filled (shell-quoted), keeps
/// each command's stdout and stderr under <c>logs/</c>, and reads the scores from the result file
/// (<see cref="ResultFile"/>). A non-zero exit, a timeout or a bad result file fails the evaluation
/// with the command and the tail of its log. An evaluation whose result file is already complete (a
/// search resumed after a crash) is read, not run again.
/// </summary>
public sealed partial class CommandEvaluator(EvaluatorSettings settings, string runFolder, Action<string> log) : IEvaluator
{
    /// <summary>Lines of a failed command's stderr quoted in the error.</summary>
    private const int TailLines = 15;

    private int commandsRun;

    /// <summary>Commands started so far, across evaluations.</summary>
    public int CommandsRun => commandsRun;

    /// <inheritdoc/>
    public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var watch = Stopwatch.StartNew();
        var hash = Selection.Of(request.Subset).Hash();
        var id = $"{hash[..Math.Min(16, hash.Length)]}-seed{request.Seed}";
        var evalDir = Path.GetFullPath(Path.Combine(runFolder, "evaluations", id));
        var values = Placeholders(request, id, evalDir);
        var resultPath = Path.GetFullPath(Substitute(settings.Result, values, quote: false), WorkingDirectory);
        values["result"] = resultPath;
        if (TryRead(resultPath) is { } done)
        {
            log($"{id}: result already on disk ({resultPath}); not run again");
            return new EvaluationResult(done.Scores, done.Objective, new EvaluationCost(done.TrainingTokens, 0, 0, 0, 0), [$"reused {resultPath}"]);
        }

        if (File.Exists(resultPath))
        {
            File.Delete(resultPath);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(resultPath)!);
        WriteSubset(request, Path.Combine(evalDir, "subset"));
        var logs = Directory.CreateDirectory(Path.Combine(evalDir, "logs")).FullName;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(settings.TimeoutMinutes));
        for (var step = 0; step < settings.Commands.Length; step++)
        {
            progress?.Report(new ProgressReport($"evaluation {id}", step, settings.Commands.Length, "commands"));
            Run(Substitute(settings.Commands[step], values, quote: true), Path.Combine(logs, $"step-{step + 1}"), timeout.Token, cancellationToken);
        }

        progress?.Report(new ProgressReport($"evaluation {id}", settings.Commands.Length, settings.Commands.Length, "commands"));
        var (scores, objective, tokens) = ResultFile.Read(resultPath);
        var seconds = watch.Elapsed.TotalSeconds;
        log($"{id}: {settings.Commands.Length} commands in {seconds:0.0} s, objective {objective:0.0}");
        return new EvaluationResult(scores, objective, new EvaluationCost(tokens, 0, seconds, 0, seconds), [$"logs in {logs}"]);
    }

    private string WorkingDirectory => settings.WorkingDirectory ?? Directory.GetCurrentDirectory();

    /// <summary>Quotes a value for <c>/bin/sh</c>: inside single quotes nothing is special, and a single quote is closed, escaped and reopened.</summary>
    public static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Substitute(string template, Dictionary<string, string> values, bool quote) =>
        PlaceholderPattern().Replace(template, match => values.TryGetValue(match.Groups[1].Value, out var value)
            ? quote ? ShellQuote(value) : value
            : throw new InvalidConfigurationException("evaluator", [$"unknown placeholder {match.Value}"]));

    private Dictionary<string, string> Placeholders(EvaluationRequest request, string id, string evalDir)
    {
        var subsetDir = Path.Combine(evalDir, "subset");
        var name = settings.Llamafactory.DatasetName;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["run_dir"] = Path.GetFullPath(runFolder),
            ["eval_dir"] = evalDir,
            ["eval_id"] = id,
            ["subset_dir"] = subsetDir,
            ["subset_ids"] = Path.Combine(subsetDir, "subset.ids"),
            ["subset_file"] = Path.Combine(subsetDir, SubsetFileName(name)),
            ["train_config"] = Path.Combine(subsetDir, $"{name}.train.yaml"),
            ["dataset_name"] = name,
            ["model_dir"] = Path.Combine(evalDir, "model"),
            ["samples"] = request.Subset.Count.ToString(CultureInfo.InvariantCulture),
            ["seed"] = request.Seed.ToString(CultureInfo.InvariantCulture),
        };
    }

    private string SubsetFileName(string name) => settings.Export switch
    {
        "jsonl" => "subset.jsonl",
        "parquet" => "subset.parquet",
        _ => $"{name}.json",
    };

    private void WriteSubset(EvaluationRequest request, string subsetDir)
    {
        Directory.CreateDirectory(subsetDir);
        SubsetFile.Write(Path.Combine(subsetDir, "subset.ids"), request.Pool, request.Subset);
        var path = Path.Combine(subsetDir, SubsetFileName(settings.Llamafactory.DatasetName));
        switch (settings.Export)
        {
            case "jsonl":
                AtomicFile.Write(path, stream => CanonicalJsonl.Write(request.Pool, request.Subset, stream));
                break;
            case "parquet":
                AtomicFile.Write(path, stream => CanonicalParquet.Write(request.Pool, request.Subset, stream));
                break;
            default:
                var lf = settings.Llamafactory;
                LlamaFactoryExport.Write(request.Pool, request.Subset, subsetDir, new LlamaFactoryOptions(
                    lf.DatasetName, lf.Model, lf.Template, lf.FinetuningType, lf.Epochs, lf.CutoffLen, lf.LearningRate,
                    Path.Combine(Path.GetDirectoryName(subsetDir)!, "model"), lf.TrainTemplate));
                break;
        }
    }

    private void Run(string command, string logPrefix, CancellationToken limit, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in settings.Environment)
        {
            start.Environment[key] = value;
        }

        using var stdout = new StreamWriter(logPrefix + ".out", append: true) { AutoFlush = true };
        using var stderr = new StreamWriter(logPrefix + ".err", append: true) { AutoFlush = true };
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        log($"run: {command}");
        process.Start();
        Interlocked.Increment(ref commandsRun);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            process.WaitForExitAsync(limit).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            cancellation.ThrowIfCancellationRequested();
            throw new EvaluationFailedException($"`{command}` ran past evaluator.timeout_minutes ({settings.TimeoutMinutes} min) and was killed{Tail(logPrefix)}");
        }

        process.WaitForExit(); // drains the output handlers
        if (process.ExitCode != 0)
        {
            throw new EvaluationFailedException($"`{command}` exited with {process.ExitCode}{Tail(logPrefix)}");
        }
    }

    private static void Append(StreamWriter writer, string? line)
    {
        if (line is not null)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }
    }

    /// <summary>The last lines of a command's stderr (else stdout), for the error message.</summary>
    private static string Tail(string logPrefix)
    {
        foreach (var file in new[] { logPrefix + ".err", logPrefix + ".out" })
        {
            var lines = File.Exists(file) ? ReadShared(file).Where(l => l.Length > 0).TakeLast(TailLines).ToList() : [];
            if (lines.Count > 0)
            {
                return $"; last lines of {Path.GetFileName(file)}:\n  " + string.Join("\n  ", lines);
            }
        }

        return "; it printed nothing";
    }

    private static string[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n');
    }

    private static (IReadOnlyList<BenchmarkScore> Scores, double Objective, long TrainingTokens)? TryRead(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return ResultFile.Read(path);
        }
        catch (CorruptDataException)
        {
            // Left half-written by a run that was killed: the evaluation runs again.
            return null;
        }
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex PlaceholderPattern();
}
