using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Evaluation.Slurm;
using DataSearch.Progress;

namespace DataSearch.Models;

/// <summary>
/// The one place that maps an evaluator kind (<see cref="EvaluatorSettings.Kind"/>) to its class:
/// <c>command</c> and <c>slurm</c> run your commands, <c>embedded</c> fine-tunes the built-in model on
/// the subset and scores the environment's benchmarks. A new backend is one case here.
/// </summary>
public static class Evaluators
{
    /// <summary>
    /// The evaluator <paramref name="settings"/> name, working in <paramref name="runFolder"/>; the
    /// embedded one pre-trains (or loads) its base model on <paramref name="data"/>'s text as the stage
    /// <c>base model</c>.
    /// </summary>
    public static IEvaluator Create(EvaluatorSettings settings, IDataEnvironment data, string modelProfile, string runFolder, Action<string> log, IStageRunner stages, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(stages);
        return settings.Kind switch
        {
            "command" => new CommandEvaluator(settings, runFolder, log),
            "slurm" => new SlurmEvaluator(settings, runFolder, log),
            "embedded" => Embedded(data, EmbeddedModelOptions.Profile(modelProfile) ?? throw new UsageException($"model: unknown profile '{modelProfile}'; expected {string.Join(", ", ModelProfiles.Names)}"), log, stages, cancellation),
            _ => throw new UsageException($"evaluator.kind: '{settings.Kind}' is not embedded, command or slurm"),
        };
    }

    /// <summary>The embedded evaluator over <paramref name="data"/>'s benchmarks, its base model pre-trained on the environment's text and cached.</summary>
    public static EmbeddedEvaluator Embedded(IDataEnvironment data, EmbeddedModelOptions options, Action<string> log, IStageRunner stages, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(stages);
        var benchmarks = data.Benchmarks();
        var text = data.PretrainingText();
        LanguageModel.UseThreads(options.Threads);
        var (model, path, built) = stages.Run("base model", progress =>
            BaseModelCache.GetOrBuild(text, options.Model, options.Pretraining, BaseModelCache.DefaultFolder(), progress, cancellation));
        log($"base model {(built ? "pre-trained and cached" : "loaded from cache")}: {path}");
        return new EmbeddedEvaluator(model, benchmarks, options);
    }
}
