using DataSearch.Checkers;
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

    private static readonly WorldSkills Checkers = new(new Encyclopedia([], []));
}
