namespace DataSearch.Models;

/// <summary>Everything that shapes the embedded model and its budgets.</summary>
/// <param name="Model">The network's shape.</param>
/// <param name="Pretraining">How the base model is pre-trained (once, then cached).</param>
/// <param name="FineTuning">How each evaluation fine-tunes (the same budget for every subset).</param>
/// <param name="Threads">CPU threads torch may use.</param>
public sealed record EmbeddedModelOptions(GptConfig Model, TrainingOptions Pretraining, TrainingOptions FineTuning, int Threads)
{
    /// <summary>The default sizes, chosen so that one evaluation takes well under a minute on two cores.</summary>
    public static EmbeddedModelOptions Default { get; } = new(
        GptConfig.Default,
        new TrainingOptions(Steps: 800, BatchSize: 64, LearningRate: 5e-3, WeightDecay: 0.01, WarmupSteps: 50, Seed: 7),
        new TrainingOptions(Steps: 1500, BatchSize: 64, LearningRate: 5e-3, WeightDecay: 0.01, WarmupSteps: 50, Seed: 0),
        Threads: Math.Max(1, Environment.ProcessorCount));

    /// <summary>A tiny configuration that trains in seconds, for tests.</summary>
    public static EmbeddedModelOptions Tiny { get; } = new(
        new GptConfig(Layers: 1, Width: 32, Heads: 2, Context: 32),
        new TrainingOptions(Steps: 20, BatchSize: 16, LearningRate: 3e-3, WeightDecay: 0.0, WarmupSteps: 2, Seed: 7),
        new TrainingOptions(Steps: 20, BatchSize: 16, LearningRate: 3e-3, WeightDecay: 0.0, WarmupSteps: 2, Seed: 0),
        Threads: 1);

    /// <summary>
    /// A named profile: <c>default</c>; <c>medium</c> (the default base model, half the fine-tuning
    /// steps: evaluations take about half as long and still separate clean from noisy data clearly);
    /// <c>quick</c> (fewer steps everywhere); <c>tiny</c> (seconds; for tests); null for any other name.
    /// </summary>
    public static EmbeddedModelOptions? Profile(string name) => name switch
    {
        "default" => Default,
        "quick" => Default with
        {
            Pretraining = Default.Pretraining with { Steps = 400 },
            FineTuning = Default.FineTuning with { Steps = 400 },
        },
        "medium" => Default with
        {
            FineTuning = Default.FineTuning with { Steps = 800 },
        },
        "tiny" => Tiny,
        _ => null,
    };
}
