using DataSearch.Checkers;
using DataSearch.Randomness;
using DataSearch.World.Skills;

namespace DataSearch.World;

/// <summary>The skills of a world, by name: the checkers every evaluation needs.</summary>
public sealed class WorldSkills
{
    private readonly Dictionary<string, Skill> byName;

    public WorldSkills(Encyclopedia encyclopedia)
    {
        Benchmarked =
        [
            new ReverseSkill(),
            new SortSkill(),
            new CountSkill(),
            new AdditionSkill(),
            new LookupSkill("lookup", encyclopedia.Known),
            new ConnectivitySkill(),
        ];
        OffTarget = [new UppercaseSkill(), new RepeatSkill()];
        HiddenLookup = new LookupSkill("lookup_hidden", encyclopedia.Hidden);
        All = [.. Benchmarked.Concat(OffTarget).Append(HiddenLookup)];
        byName = All.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>Skills some in-distribution benchmark asks for.</summary>
    public IReadOnlyList<Skill> Benchmarked { get; }

    /// <summary>Skills no benchmark asks for.</summary>
    public IReadOnlyList<Skill> OffTarget { get; }

    /// <summary>Lookup over the hidden entities: only retrieval can teach it.</summary>
    public LookupSkill HiddenLookup { get; }

    /// <summary>Every skill: benchmarked, off-target, then hidden lookup.</summary>
    public IReadOnlyList<Skill> All { get; }

    /// <summary>The skill called <paramref name="name"/>, or null.</summary>
    public Skill? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>
    /// The answer checker of the world skill called <paramref name="name"/>, or null when there is none.
    /// Checking needs no encyclopedia: every checker compares with the expected answer.
    /// </summary>
    public static IAnswerChecker? CheckerFor(string name) =>
        Checkers.Find(name) is { } skill ? new SkillChecker(skill) : null;

    /// <summary>The names of the benchmarked skills, in their order (a source's skill shares name them).</summary>
    public static IReadOnlyList<string> BenchmarkedNames => Checkers.Benchmarked.Select(s => s.Name).ToList();

    /// <summary>
    /// A benchmarked skill drawn with the relative <paramref name="shares"/> (skills missing from them never),
    /// walking the skills in their fixed order so the draw does not depend on the dictionary's.
    /// </summary>
    public Skill PickBenchmarked(DeterministicRandom random, IReadOnlyDictionary<string, double> shares)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(shares);
        var weighted = Benchmarked.Select(s => (Skill: s, Share: shares.GetValueOrDefault(s.Name))).Where(w => w.Share > 0).ToList();
        var u = random.NextDouble() * weighted.Sum(w => w.Share);
        foreach (var (skill, share) in weighted)
        {
            if ((u -= share) < 0)
            {
                return skill;
            }
        }

        return weighted[^1].Skill;
    }

    private static readonly WorldSkills Checkers = new(new Encyclopedia([], []));
}
