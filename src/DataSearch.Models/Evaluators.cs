using DataSearch.Environments;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Evaluation.Slurm;
using DataSearch.Models.Proxy;
using DataSearch.Progress;

namespace DataSearch.Models;

/// <summary>
/// The one place that maps an evaluator kind (<see cref="EvaluatorSettings.Kind"/>) to its class:
/// <c>command</c> and <c>slurm</c> run your commands, <c>embedded</c> fine-tunes the built-in model on
/// the subset and scores the environment's benchmarks by decoding, <c>proxy</c> fine-tunes a small
/// model and scores the loss of held-out benchmark answers. A new backend is one case here.
/// </summary>
public static class Evaluators
{
    /// <summary>
    /// The evaluator <paramref name="settings"/> name, working in <paramref name="runFolder"/>; the
    /// embedded and proxy ones pre-train (or load) their base model on <paramref name="data"/>'s text as
    /// the stage <c>base model</c>.
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
            "proxy" => Proxy(data, ProxyOptionsOf(settings.Proxy), log, stages, cancellation),
            _ => throw new UsageException($"evaluator.kind: '{settings.Kind}' is not one of {string.Join(", ", EvaluatorSettings.Kinds)}"),
        };
    }

    /// <summary>The proxy options <paramref name="settings"/> name.</summary>
    public static ProxyOptions ProxyOptionsOf(ProxySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problems().ToList() is { Count: > 0 } problems)
        {
            throw new InvalidConfigurationException("evaluator.proxy", problems);
        }

        var options = ProxyOptions.Size(settings.Size)!;
        return options with { ItemsPerBenchmark = settings.Items, Threads = settings.Threads ?? options.Threads, Cloze = settings.Choices == "cloze" };
    }

    /// <summary>The proxy evaluator over <paramref name="data"/>'s benchmarks, its base model pre-trained on the environment's text and cached.</summary>
    public static ProxyEvaluator Proxy(IDataEnvironment data, ProxyOptions options, Action<string> log, IStageRunner stages, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = BaseModel(data, options.Model, options.Pretraining, options.Threads, "proxy base model", log, stages, cancellation);
        return new ProxyEvaluator(model, data.Benchmarks(), options);
    }

    /// <summary>The embedded evaluator over <paramref name="data"/>'s benchmarks, its base model pre-trained on the environment's text and cached.</summary>
    public static EmbeddedEvaluator Embedded(IDataEnvironment data, EmbeddedModelOptions options, Action<string> log, IStageRunner stages, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var model = BaseModel(data, options.Model, options.Pretraining, options.Threads, "base model", log, stages, cancellation);
        return new EmbeddedEvaluator(model, data.Benchmarks(), options);
    }

    /// <summary>Loads the cached base model of this shape pre-trained on <paramref name="data"/>'s text, or pre-trains and caches it (the stage <c>base model</c>).</summary>
    private static LanguageModel BaseModel(IDataEnvironment data, GptConfig shape, TrainingOptions pretraining, int threads, string label, Action<string> log, IStageRunner stages, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(stages);
        var text = data.PretrainingText();
        LanguageModel.UseThreads(threads);
        var (model, path, built) = stages.Run("base model", progress =>
            BaseModelCache.GetOrBuild(text, shape, pretraining, BaseModelCache.DefaultFolder(), progress, cancellation));
        log($"{label} {(built ? "pre-trained and cached" : "loaded from cache")}: {path}");
        return model;
    }
}
