using DataSearch.Evaluation;
namespace DataSearch.World;

/// <summary>What the built-in world generator makes; the defaults are the world the demo and the documented figures use.</summary>
/// <param name="Seed">Everything is derived from this seed.</param>
/// <param name="KnownEntities">Encyclopedia entities whose facts appear in the pool.</param>
/// <param name="HiddenEntities">Entities whose facts appear only in the encyclopedia's articles.</param>
/// <param name="Sources">The pool's sources and their pathology rates.</param>
/// <param name="BenchmarkSize">Questions per benchmark.</param>
/// <param name="TargetSamples">Samples per benchmark in the target-vector sets.</param>
/// <param name="PretrainingLines">Lines of generic text in the base model's pre-training corpus.</param>
public sealed record WorldOptions(
    ulong Seed,
    int KnownEntities,
    int HiddenEntities,
    IReadOnlyList<SourceSpec> Sources,
    int BenchmarkSize,
    int TargetSamples,
    int PretrainingLines)
{
    /// <summary>The default world for <paramref name="seed"/>: 24,000 samples from five sources.</summary>
    public static WorldOptions Default(ulong seed) => new(
        seed,
        KnownEntities: 60,
        HiddenEntities: 30,
        Sources:
        [
            new SourceSpec("textbook", 8_000),
            new SourceSpec("forum", 6_000, WrongAnswer: 0.35, Truncated: 0.10, Bloated: 0.10),
            new SourceSpec("chat_logs", 4_000, Chatter: 0.75),
            new SourceSpec("scrape", 3_000, ExactDuplicate: 0.5, NearDuplicate: 0.5, MislabelledTag: 0.3),
            new SourceSpec("puzzles", 3_000, OffSkill: 1.0),
        ],
        BenchmarkSize: 100,
        TargetSamples: 16,
        PretrainingLines: 4_000);

    /// <summary>A world small enough for tests: the same sources at a tenth of the size.</summary>
    public static WorldOptions Small(ulong seed)
    {
        var options = Default(seed);
        return options with
        {
            Sources = [.. options.Sources.Select(s => s with { Samples = s.Samples / 10 })],
            BenchmarkSize = 30,
            PretrainingLines = 400,
        };
    }

    /// <summary>Every problem with these options, each naming its field; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (KnownEntities < 2)
        {
            problems.Add("known_entities: must be ≥ 2");
        }

        if (HiddenEntities < 0)
        {
            problems.Add("hidden_entities: must be ≥ 0");
        }

        if (BenchmarkSize < 1)
        {
            problems.Add("benchmark_size: must be ≥ 1");
        }

        if (TargetSamples < 1)
        {
            problems.Add("target_samples: must be ≥ 1");
        }

        if (Sources.Count == 0)
        {
            problems.Add("sources: at least one is needed");
        }

        problems.AddRange(Sources.SelectMany(s => s.Problems()).Select(p => $"sources.{p}"));
        var duplicates = Sources.GroupBy(s => s.Name).Where(g => g.Count() > 1).Select(g => g.Key);
        problems.AddRange(duplicates.Select(d => $"sources: the name '{d}' is used twice"));
        return problems;
    }
}
