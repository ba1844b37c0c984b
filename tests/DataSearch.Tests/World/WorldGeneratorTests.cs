using System.Globalization;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Randomness;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.World;

public class WorldGeneratorTests
{
    private static readonly Lazy<GeneratedWorld> DefaultWorld = new(() => WorldGenerator.Generate(WorldOptions.Default(1)));

    private static byte[] PoolBytes(GeneratedWorld world)
    {
        using var stream = new MemoryStream();
        CanonicalJsonl.Write(world.Pool, stream);
        return stream.ToArray();
    }

    [Fact]
    public void The_same_seed_gives_the_same_world_and_another_seed_another()
    {
        var a = WorldGenerator.Generate(WorldOptions.Small(5));
        var b = WorldGenerator.Generate(WorldOptions.Small(5));
        var c = WorldGenerator.Generate(WorldOptions.Small(6));
        Assert.Equal(PoolBytes(a), PoolBytes(b));
        Assert.Equal(a.Benchmarks.SelectMany(x => x.Items), b.Benchmarks.SelectMany(x => x.Items));
        Assert.Equal(a.Truth, b.Truth);
        Assert.NotEqual(PoolBytes(a), PoolBytes(c));
    }

    [Fact]
    public void Pathology_rates_match_their_settings()
    {
        var world = DefaultWorld.Value;
        foreach (var source in world.Options.Sources)
        {
            var truth = world.Truth.Where(t => t.Source == source.Name).ToList();
            Assert.Equal(source.Samples, truth.Count);
            double Rate(Pathology p) => truth.Count(t => t.Pathology == p) / (double)truth.Count;
            var onTarget = 1 - source.Chatter - source.OffSkill - source.ExactDuplicate - source.NearDuplicate;

            // Three standard deviations of a binomial proportion, at least one point.
            void Near(double expected, double actual, string what)
            {
                var tolerance = Math.Max(0.01, 3 * Math.Sqrt(expected * (1 - expected) / truth.Count));
                Assert.True(Math.Abs(expected - actual) <= tolerance, $"{source.Name} {what}: expected {expected:0.000}, found {actual:0.000}");
            }

            Near(source.Chatter, Rate(Pathology.OffTargetChatter), "chatter");
            Near(source.OffSkill, Rate(Pathology.OffSkill), "off-skill");
            Near(source.ExactDuplicate, Rate(Pathology.ExactDuplicate), "exact duplicates");
            Near(source.NearDuplicate, Rate(Pathology.NearDuplicate), "near duplicates");
            Near(onTarget * source.WrongAnswer, Rate(Pathology.WrongAnswer), "wrong answers");
            Near(onTarget * source.Truncated, Rate(Pathology.Truncated), "truncated");
            Near(onTarget * source.Bloated, Rate(Pathology.Bloated), "bloated");
            Near(source.MislabelledTag, truth.Count(t => t.MislabelledTag) / (double)truth.Count, "mislabelled tags");
        }
    }

    /// <summary>Solves the skills whose answer follows from the prompt alone, independently of the generator.</summary>
    private static string? Solve(string skill, string prompt) => skill switch
    {
        "reverse" => new string([.. prompt["rev ".Length..].Reverse()]),
        "sort" => new string([.. prompt["sort ".Length..].Order()]),
        "count" => prompt.Split(' ')[3].Count(ch => ch == prompt.Split(' ')[1][0]).ToString(CultureInfo.InvariantCulture),
        "add" => prompt.Split('+').Sum(int.Parse).ToString(CultureInfo.InvariantCulture),
        "upper" => prompt["up ".Length..].ToUpperInvariant(),
        _ => null,
    };

    [Fact]
    public void Ground_truth_matches_the_content_it_describes()
    {
        var world = DefaultWorld.Value;
        var checkedSamples = 0;
        for (var i = 0; i < world.Pool.Count; i++)
        {
            var truth = world.Truth[i];
            Assert.Equal(world.Pool.GetSampleId(i), truth.SampleId);
            Assert.Equal(world.Pool.GetSourceName(i), truth.Source);
            var tag = Assert.Single(world.Pool.GetTags(i));
            Assert.Equal(truth.MislabelledTag, tag != truth.Skill);
            var prompt = world.Pool.GetContent(i, 0);
            var answer = world.Pool.GetContent(i, 1);
            if (truth.Pathology is Pathology.Clean or Pathology.ExactDuplicate or Pathology.WrongAnswer && Solve(truth.Skill, prompt) is { } solved)
            {
                Assert.Equal(truth.Pathology != Pathology.WrongAnswer, solved == answer);
                checkedSamples++;
            }
        }

        Assert.True(checkedSamples > 5_000, $"only {checkedSamples} samples could be checked");
    }

    [Fact]
    public void Exact_duplicates_repeat_an_earlier_clean_sample_and_keep_distinct_ids()
    {
        var world = DefaultWorld.Value;
        var firstByHash = new Dictionary<ulong, int>();
        for (var i = 0; i < world.Pool.Count; i++)
        {
            var hash = world.Pool.GetContentHash(i);
            if (world.Truth[i].Pathology == Pathology.ExactDuplicate)
            {
                Assert.True(firstByHash.TryGetValue(hash, out var first), $"duplicate {i} has no earlier original");
                Assert.Equal(Pathology.Clean, world.Truth[first].Pathology);
            }

            firstByHash.TryAdd(hash, i);
        }

        Assert.Equal(world.Pool.Count, Enumerable.Range(0, world.Pool.Count).Select(world.Pool.GetSampleId).Distinct().Count());
    }

    [Fact]
    public void Oracle_holds_exactly_the_clean_samples_and_noisy_is_as_large_and_mostly_defective()
    {
        var world = DefaultWorld.Value;
        var oracle = world.Subsets["oracle"];
        Assert.Equal(Enumerable.Range(0, world.Pool.Count).Where(i => world.Truth[i].InOracle), oracle);
        var noisy = world.Subsets["noisy"];
        Assert.Equal(oracle.Length, noisy.Length);
        var defective = noisy.Count(i => world.Truth[i].Pathology is not (Pathology.Clean or Pathology.ExactDuplicate or Pathology.NearDuplicate));
        Assert.True(defective > 0.7 * noisy.Length, $"{defective} of {noisy.Length} noisy samples are defective");
    }

    [Fact]
    public void Every_benchmark_checker_accepts_its_answers_and_rejects_corrupted_ones()
    {
        var world = WorldGenerator.Generate(WorldOptions.Small(2));
        Assert.Contains(world.Benchmarks, b => b.Kind == BenchmarkKind.OutOfDistribution);
        Assert.Contains(world.Benchmarks, b => b.Kind == BenchmarkKind.Knowledge);
        var skills = new WorldSkills(world.Encyclopedia);
        var random = new DeterministicRandom(3);
        foreach (var benchmark in world.Benchmarks)
        {
            Assert.Equal(world.Options.BenchmarkSize, benchmark.Items.Count);
            var checker = benchmark.Checker;
            var skill = skills.Find(checker.Name)!;
            foreach (var item in benchmark.Items)
            {
                Assert.True(checker.Check(" " + item.Answer + "\n", item.Answer));
                var wrong = skill.Corrupt(random, new DataSearch.World.Skills.SkillItem(item.Prompt, item.Answer));
                Assert.False(checker.Check(wrong, item.Answer), $"{benchmark.Name}: '{wrong}' accepted for '{item.Answer}'");
            }
        }
    }

    [Fact]
    public void Hidden_entity_facts_stay_out_of_the_pool_and_the_pretraining_text()
    {
        var world = WorldGenerator.Generate(WorldOptions.Small(4));
        var text = string.Join('\n', Enumerable.Range(0, world.Pool.Count).Select(i => world.Pool.GetContent(i, 0) + " " + world.Pool.GetContent(i, 1)))
            + string.Join('\n', world.PretrainingText);
        foreach (var entity in world.Encyclopedia.Hidden)
        {
            Assert.DoesNotContain(entity.Name, text, StringComparison.Ordinal);
        }

        Assert.Contains(world.Encyclopedia.Known[0].Name, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_name_every_bad_field()
    {
        var options = WorldOptions.Small(1) with
        {
            BenchmarkSize = 0,
            Sources = [new SourceSpec("a", 10, Chatter: 0.8, OffSkill: 0.5), new SourceSpec("a", 10, WrongAnswer: 1.5)],
        };
        var error = Assert.Throws<InvalidConfigurationException>(() => WorldGenerator.Generate(options));
        Assert.Contains("benchmark_size: must be ≥ 1", error.Problems);
        Assert.Contains("sources.a: chatter + off_skill + exact_duplicate + near_duplicate must be ≤ 1", error.Problems);
        Assert.Contains("sources.a.wrong_answer: must be in [0, 1], found 1.5", error.Problems);
        Assert.Contains("sources: the name 'a' is used twice", error.Problems);
    }

    [Fact]
    public void A_saved_world_reads_back_and_its_subsets_resolve_to_the_same_samples()
    {
        using var temp = new TempFolder();
        var world = WorldGenerator.Generate(WorldOptions.Small(9));
        var folder = temp.File("world");
        var manifest = WorldStore.Save(world, folder, overwrite: false);

        Assert.Equal(manifest, WorldStore.ReadManifest(folder) with { Options = manifest.Options, Pathologies = manifest.Pathologies, Benchmarks = manifest.Benchmarks, Subsets = manifest.Subsets });
        Assert.Equal(world.Benchmarks.SelectMany(b => b.Items), WorldStore.ReadBenchmarks(folder).SelectMany(b => b.Items));
        Assert.Equal(world.Truth, WorldStore.ReadGroundTruth(folder));
        var pool = PoolStore.Open(Path.Combine(folder, WorldStore.PoolFolder)).Pool;
        Assert.Equal(manifest.PoolHash, PoolStore.ReadManifest(Path.Combine(folder, WorldStore.PoolFolder)).PoolHash);
        foreach (var (name, indices) in world.Subsets)
        {
            Assert.Equal(indices, SubsetFile.Read(Path.Combine(folder, "subsets", $"{name}.ids"), pool));
        }

        Assert.Throws<UsageException>(() => WorldStore.Save(world, folder, overwrite: false));
    }

    [Fact]
    public void Subset_files_report_unknown_and_repeated_ids_by_line()
    {
        using var temp = new TempFolder();
        var pool = TestPools.AllLayouts();
        var path = temp.Write("s.ids", $"{pool.GetSampleId(0)}\nnot-an-id\n\n{pool.GetSampleId(0)}\n");
        var error = Assert.Throws<InvalidInputException>(() => SubsetFile.Read(path, pool));
        Assert.Equal([2L, 4L], error.Problems.Select(p => p.Location.Line));
        Assert.Equal([InputProblemKind.UnknownId, InputProblemKind.DuplicateId], error.Problems.Select(p => p.Kind));
    }
}
