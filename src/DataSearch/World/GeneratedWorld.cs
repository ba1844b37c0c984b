using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.World.Skills;

namespace DataSearch.World;

/// <summary>Everything the world generator makes, in memory.</summary>
/// <param name="Options">The options it was made from.</param>
/// <param name="Pool">The training pool.</param>
/// <param name="Truth">One entry per pool sample, in pool order.</param>
/// <param name="Benchmarks">Held-out question sets.</param>
/// <param name="Targets">Small sample sets per benchmark, as AutoSelection's target vectors.</param>
/// <param name="Encyclopedia">The fictional encyclopedia.</param>
/// <param name="PretrainingText">Lines the base model is pre-trained on (no hidden entity facts).</param>
/// <param name="Subsets">Named reference subsets (indices into the pool): oracle, noisy.</param>
public sealed record GeneratedWorld(
    WorldOptions Options,
    SamplePool Pool,
    IReadOnlyList<GroundTruth> Truth,
    IReadOnlyList<Benchmark> Benchmarks,
    IReadOnlyDictionary<string, IReadOnlyList<SkillItem>> Targets,
    Encyclopedia Encyclopedia,
    IReadOnlyList<string> PretrainingText,
    IReadOnlyDictionary<string, int[]> Subsets);
