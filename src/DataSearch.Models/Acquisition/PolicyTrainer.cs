using DataSearch.Acquisition;
using DataSearch.Acquisition.Policies;
using DataSearch.Randomness;

namespace DataSearch.Models.Acquisition;

/// <summary>
/// Trains the embedded policy model of active data search: short updates on acquired samples (mixed
/// with replayed seed samples so the question format is not forgotten).
/// </summary>
public sealed class PolicyTrainer(PolicySettings settings, IReadOnlyList<TokenizedExample> seedExamples) : IPolicyBackend
{
    /// <summary>The settings.</summary>
    public PolicySettings Settings => settings;

    /// <summary>A copy of <paramref name="from"/> trained for <paramref name="steps"/> steps on <paramref name="samples"/> plus replay.</summary>
    public LanguageModel Update(LanguageModel from, IReadOnlyList<AcquiredSample> samples, int steps, ulong seed, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(samples);
        var examples = samples.Select(s => ByteTokenizer.Example(s.Prompt, s.Response)).ToList();
        var replay = (int)Math.Round(examples.Count * settings.ReplayFraction / (1 - settings.ReplayFraction));
        if (replay > 0 && seedExamples.Count > 0)
        {
            var random = new DeterministicRandom(seed ^ 0x5EEDUL);
            examples.AddRange(Enumerable.Range(0, replay).Select(_ => random.Pick(seedExamples)));
        }

        var model = from.Clone();
        if (examples.Count > 0)
        {
            model.Train(examples, Options(steps, seed), cancellationToken: cancellation, stage: "policy update");
        }

        return model;
    }

    /// <summary>Training options of an update of <paramref name="steps"/> steps.</summary>
    public TrainingOptions Options(int steps, ulong seed) =>
        new(steps, settings.BatchSize, settings.LearningRate, WeightDecay: 0.01, WarmupSteps: Math.Min(5, steps), seed);

    public IPolicy Update(IPolicy from, IReadOnlyList<AcquiredSample> samples, int steps, ulong seed, CancellationToken cancellation) =>
        new EmbeddedPolicy(Update(EmbeddedPolicy.ModelOf(from), samples, steps, seed, cancellation));

    public IPolicy Load(string path) => new EmbeddedPolicy(LanguageModel.Load(path));
}
