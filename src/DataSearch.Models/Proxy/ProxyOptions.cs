namespace DataSearch.Models.Proxy;

/// <summary>
/// Everything that shapes a proxy model: its network (a 256-byte context, long enough for most real
/// instructions), the one-off pre-training of its base on the environment's own text, the fixed
/// fine-tuning budget every subset gets, and how many held-out items of each benchmark it scores.
/// </summary>
/// <param name="Model">The network's shape.</param>
/// <param name="Pretraining">How the base model is pre-trained (once per environment text, then cached).</param>
/// <param name="FineTuning">How each evaluation fine-tunes: the same steps and positions for every subset.</param>
/// <param name="ItemsPerBenchmark">Held-out items scored per benchmark.</param>
/// <param name="Threads">CPU threads torch may use.</param>
/// <param name="Cloze">Score multiple-choice items in cloze form (<see cref="ClozeForm"/>) rather than by their letter.</param>
public sealed record ProxyOptions(GptConfig Model, TrainingOptions Pretraining, TrainingOptions FineTuning, int ItemsPerBenchmark, int Threads, bool Cloze = true)
{
    /// <summary>The seed that draws the held-out items: fixed, so that every evaluation scores the same ones.</summary>
    public const ulong ItemSeed = 20_250_117;

    /// <summary>The default proxy: about 0.5M parameters, sized so one evaluation takes about a minute on two cores (docs/proxy.md).</summary>
    public static ProxyOptions Default { get; } = new(
        new GptConfig(Layers: 2, Width: 128, Heads: 4, Context: 256),
        new TrainingOptions(Steps: 1200, BatchSize: 16, LearningRate: 3e-3, WeightDecay: 0.01, WarmupSteps: 60, Seed: 11),
        new TrainingOptions(Steps: 300, BatchSize: 16, LearningRate: 2e-3, WeightDecay: 0.01, WarmupSteps: 20, Seed: 0),
        ItemsPerBenchmark: 100,
        Threads: Math.Max(1, Environment.ProcessorCount));

    /// <summary>
    /// A named size (<see cref="Evaluation.ProxySettings.Sizes"/>): <c>default</c>; <c>large</c> (twice the
    /// width: about 4× the parameters, with its own base); <c>long</c> (the default base, 4× the
    /// fine-tuning steps); <c>tiny</c> (seconds; for tests); null for any other name.
    /// </summary>
    public static ProxyOptions? Size(string name) => name switch
    {
        "default" => Default,
        "large" => Default with { Model = Default.Model with { Width = 256, Heads = 8 } },
        "long" => Default with { FineTuning = Default.FineTuning with { Steps = Default.FineTuning.Steps * 4 } },
        "tiny" => new ProxyOptions(
            new GptConfig(Layers: 1, Width: 32, Heads: 2, Context: 64),
            new TrainingOptions(Steps: 20, BatchSize: 8, LearningRate: 3e-3, WeightDecay: 0.0, WarmupSteps: 2, Seed: 11),
            new TrainingOptions(Steps: 20, BatchSize: 8, LearningRate: 3e-3, WeightDecay: 0.0, WarmupSteps: 2, Seed: 0),
            ItemsPerBenchmark: 100,
            Threads: 1),
        _ => null,
    };
}
