using System.Text.Json;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Randomness;
using DataSearch.World.Skills;

namespace DataSearch.World;

/// <summary>
/// Generates the built-in skill world from a seed: an encyclopedia, a pool whose sources mix clean
/// on-target data with pathologies at known rates, the hidden ground truth, benchmarks per skill (plus
/// out-of-distribution and knowledge splits), target sample sets, and the oracle and noisy subsets.
/// </summary>
public static class WorldGenerator
{
    private const string BloatFiller = " and that is my final answer";

    /// <summary>Generates the world <paramref name="options"/> describe.</summary>
    /// <exception cref="InvalidConfigurationException">The options are not usable (every problem is listed).</exception>
    public static GeneratedWorld Generate(WorldOptions options)
    {
        WorldAccess.Enter("world generator");
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidConfigurationException("world options", problems);
        }

        var root = new DeterministicRandom(options.Seed);
        var encyclopedia = Encyclopedia.Generate(root.Fork(1), options.KnownEntities, options.HiddenEntities);
        var skills = new WorldSkills(encyclopedia);

        var builder = new PoolBuilder();
        var truth = new List<GroundTruth>();
        var cleanSoFar = new List<(SkillItem Item, string Skill)>();
        for (var s = 0; s < options.Sources.Count; s++)
        {
            AddSource(options.Sources[s], root.Fork(100 + (ulong)s), skills, builder, truth, cleanSoFar);
        }

        var pool = builder.Build();
        var benchmarks = MakeBenchmarks(options, skills, root.Fork(2));
        var targetRandom = root.Fork(3);
        var targets = benchmarks.ToDictionary(
            b => b.Name,
            b => (IReadOnlyList<SkillItem>)[.. Enumerable.Range(0, options.TargetSamples).Select(_ => GenerateFor(b, skills, targetRandom))],
            StringComparer.Ordinal);
        return new GeneratedWorld(
            options,
            pool,
            truth,
            benchmarks,
            targets,
            encyclopedia,
            PretrainingText(options, encyclopedia, root.Fork(4)),
            Subsets(truth, root.Fork(5)));
    }

    private static void AddSource(
        SourceSpec source,
        DeterministicRandom random,
        WorldSkills skills,
        PoolBuilder builder,
        List<GroundTruth> truth,
        List<(SkillItem Item, string Skill)> cleanSoFar)
    {
        for (var i = 0; i < source.Samples; i++)
        {
            var (item, skill, pathology) = DrawSample(source, random, skills, cleanSoFar);
            var mislabelled = random.Chance(source.MislabelledTag);
            var tag = mislabelled ? OtherSkillName(random, skills, skill) : skill;
            ChatMessage[] messages = [new(ChatRole.User, item.Prompt), new(ChatRole.Assistant, item.Answer)];
            builder.TryAdd(null, messages, source.Name, null, [tag], null, out var id, out _);
            truth.Add(new GroundTruth(id, source.Name, skill, pathology, mislabelled));
            if (pathology == Pathology.Clean && skills.Find(skill)?.Benchmarked == true)
            {
                cleanSoFar.Add((item, skill));
            }
        }
    }

    private static (SkillItem Item, string Skill, Pathology Pathology) DrawSample(
        SourceSpec source,
        DeterministicRandom random,
        WorldSkills skills,
        List<(SkillItem Item, string Skill)> cleanSoFar)
    {
        var u = random.NextDouble();
        if ((u -= source.Chatter) < 0)
        {
            return (Chatter.Generate(random), "chatter", Pathology.OffTargetChatter);
        }

        if ((u -= source.OffSkill) < 0)
        {
            var offSkill = random.Pick(skills.OffTarget);
            return (offSkill.Generate(random, SkillSplit.InDistribution), offSkill.Name, Pathology.OffSkill);
        }

        if ((u -= source.ExactDuplicate) < 0 && cleanSoFar.Count > 0)
        {
            var (item, skill) = random.Pick(cleanSoFar);
            return (item, skill, Pathology.ExactDuplicate);
        }

        if ((u -= source.NearDuplicate) < 0 && cleanSoFar.Count > 0)
        {
            var (item, skill) = random.Pick(cleanSoFar);
            return (item with { Prompt = NearCopy(random, item.Prompt) }, skill, Pathology.NearDuplicate);
        }

        var chosen = source.Skills is null ? random.Pick(skills.Benchmarked) : skills.PickBenchmarked(random, source.Skills);
        var clean = chosen.Generate(random, SkillSplit.InDistribution);
        var v = random.NextDouble();
        if ((v -= source.WrongAnswer) < 0)
        {
            return (clean with { Answer = chosen.Corrupt(random, clean) }, chosen.Name, Pathology.WrongAnswer);
        }

        if ((v -= source.Truncated) < 0)
        {
            return (clean with { Answer = clean.Answer[..(clean.Answer.Length / 2)] }, chosen.Name, Pathology.Truncated);
        }

        if ((v -= source.Bloated) < 0)
        {
            return (clean with { Answer = clean.Answer + BloatFiller }, chosen.Name, Pathology.Bloated);
        }

        return (clean, chosen.Name, Pathology.Clean);
    }

    /// <summary>The same question with a small surface change: a doubled space, a capital, or a trailing mark.</summary>
    private static string NearCopy(DeterministicRandom random, string prompt)
    {
        switch (random.Next(3))
        {
            case 0:
                var space = prompt.IndexOf(' ', StringComparison.Ordinal);
                return space < 0 ? prompt + " ." : prompt.Insert(space, " ");
            case 1:
                return char.ToUpperInvariant(prompt[0]) + prompt[1..];
            default:
                return prompt + " !";
        }
    }

    private static string OtherSkillName(DeterministicRandom random, WorldSkills skills, string skill)
    {
        var others = skills.Benchmarked.Select(s => s.Name).Where(n => n != skill).ToList();
        return random.Pick(others);
    }

    private static List<Benchmark> MakeBenchmarks(WorldOptions options, WorldSkills skills, DeterministicRandom random)
    {
        var benchmarks = new List<Benchmark>();
        Benchmark Make(string name, Skill skill, BenchmarkKind kind, SkillSplit split) => new(
            name,
            kind,
            [.. Enumerable.Range(0, options.BenchmarkSize).Select(i =>
            {
                var item = skill.Generate(random, split);
                return new BenchmarkItem($"{name}-{i:D4}", item.Prompt, item.Answer);
            })],
            new SkillChecker(skill));

        foreach (var skill in skills.Benchmarked)
        {
            benchmarks.Add(Make(skill.Name, skill, BenchmarkKind.InDistribution, SkillSplit.InDistribution));
        }

        foreach (var skill in skills.Benchmarked.Where(s => s.HasOutOfDistributionSplit))
        {
            benchmarks.Add(Make($"{skill.Name}_ood", skill, BenchmarkKind.OutOfDistribution, SkillSplit.OutOfDistribution));
        }

        if (skills.HiddenLookup.Entities.Count > 0)
        {
            benchmarks.Add(Make(skills.HiddenLookup.Name, skills.HiddenLookup, BenchmarkKind.Knowledge, SkillSplit.InDistribution));
        }

        return benchmarks;
    }

    private static SkillItem GenerateFor(Benchmark benchmark, WorldSkills skills, DeterministicRandom random) =>
        skills.Find(benchmark.Checker.Name)!.Generate(
            random,
            benchmark.Kind == BenchmarkKind.OutOfDistribution ? SkillSplit.OutOfDistribution : SkillSplit.InDistribution);

    private static List<string> PretrainingText(WorldOptions options, Encyclopedia encyclopedia, DeterministicRandom random)
    {
        var lines = new List<string>();
        var documents = encyclopedia.Documents();
        lines.AddRange(documents.Take(encyclopedia.Known.Count).Select(d => d.Text));
        for (var i = 0; i < options.PretrainingLines; i++)
        {
            var words = Enumerable.Range(0, random.Next(4, 10)).Select(_ => Words.Word(random, 2, 7));
            lines.Add(string.Join(' ', words) + ".");
        }

        random.Shuffle(lines);
        return lines;
    }

    /// <summary>
    /// The oracle (clean, on-target, no copies) and a noise-heavy subset of the same size: every defective
    /// sample (wrong, truncated, bloated, chatter, off-skill) in random order, topped up with clean ones
    /// only when there are too few.
    /// </summary>
    private static Dictionary<string, int[]> Subsets(IReadOnlyList<GroundTruth> truth, DeterministicRandom random)
    {
        var oracle = Enumerable.Range(0, truth.Count).Where(i => truth[i].InOracle).ToArray();
        var defective = Enumerable.Range(0, truth.Count)
            .Where(i => truth[i].Pathology is not (Pathology.Clean or Pathology.ExactDuplicate or Pathology.NearDuplicate))
            .ToList();
        random.Shuffle(defective);
        var filler = oracle.ToList();
        random.Shuffle(filler);
        var noisy = defective.Concat(filler).Take(oracle.Length).Order().ToArray();
        return new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            ["oracle"] = oracle,
            ["noisy"] = noisy,
            ["full"] = [.. Enumerable.Range(0, truth.Count)],
        };
    }

    /// <summary>The JSON name of a pathology or benchmark kind, as written in the world's files.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
