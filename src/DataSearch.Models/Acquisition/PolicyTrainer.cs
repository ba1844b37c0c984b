using DataSearch.Acquisition;
using DataSearch.Evaluation;
using DataSearch.Randomness;

namespace DataSearch.Models.Acquisition;

/// <summary>
/// Trains and scores the policy model of active data search: short updates on acquired samples (mixed
/// with replayed seed samples so the question format is not forgotten) and exact-match scoring of a
/// task's questions.
/// </summary>
public sealed class PolicyTrainer(PolicySettings settings, IReadOnlyList<TokenizedExample> seedExamples)
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

    /// <summary>Percent of <paramref name="items"/> answered right.</summary>
    public static double Score(LanguageModel model, IReadOnlyList<BenchmarkItem> items, Func<string, string, bool> check)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 0 ? 0 : 100.0 * model.CountCorrect(items, check) / items.Count;
    }
}
