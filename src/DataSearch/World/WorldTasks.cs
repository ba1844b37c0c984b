using DataSearch.Environments;
using DataSearch.Evaluation;
using DataSearch.Randomness;
using DataSearch.World.Skills;

namespace DataSearch.World;

/// <summary>
/// The built-in world's acquisition tasks: one per benchmarked skill (the policy is weak at some of them;
/// demonstrations help) and one per group of hidden encyclopedia entities (facts the policy cannot know;
/// only retrieval or a teacher can supply them).
/// </summary>
public static class WorldTasks
{
    /// <summary>
    /// Entities per knowledge task. Of their 12 facts (capital, ruler), the capitals of the first two are
    /// probes; dev and test take five of the rest each, spread so that both ask about five of the six
    /// entities and neither can be learned without looking up most of them.
    /// </summary>
    public const int EntitiesPerKnowledgeTask = 6;

    /// <summary>Builds the tasks of <paramref name="skills"/> from <paramref name="seed"/>.</summary>
    public static IReadOnlyList<AcquisitionTask> Build(WorldSkills skills, ulong seed, int probes = 4, int heldOut = 30)
    {
        ArgumentNullException.ThrowIfNull(skills);
        var random = new DeterministicRandom(seed ^ 0xA5A5_0001UL);
        var tasks = new List<AcquisitionTask>();
        foreach (var skill in skills.Benchmarked)
        {
            var example = skill.Generate(random, SkillSplit.InDistribution);
            var used = new HashSet<string>(StringComparer.Ordinal);
            List<BenchmarkItem> Draw(string part, int count)
            {
                var items = new List<BenchmarkItem>();
                for (var attempt = 0; items.Count < count && attempt < count * 50; attempt++)
                {
                    var item = skill.Generate(random, SkillSplit.InDistribution);
                    if (used.Add(item.Prompt))
                    {
                        items.Add(new BenchmarkItem($"skill-{skill.Name}-{part}-{items.Count:D3}", item.Prompt, item.Answer));
                    }
                }

                return items;
            }

            tasks.Add(new AcquisitionTask(
                $"skill-{skill.Name}",
                $"Answer questions of the '{skill.Name}' kind, e.g. \"{example.Prompt}\" → \"{example.Answer}\".",
                skill.Name,
                TaskKind.Skill,
                Draw("probe", probes),
                Draw("dev", heldOut),
                Draw("test", heldOut),
                new SkillChecker(skill)));
        }

        var hidden = skills.HiddenLookup.Entities;
        for (var group = 0; (group + 1) * EntitiesPerKnowledgeTask <= hidden.Count; group++)
        {
            var entities = hidden.Skip(group * EntitiesPerKnowledgeTask).Take(EntitiesPerKnowledgeTask).ToList();
            BenchmarkItem Fact(string part, int i, Entity entity, bool capital) => new(
                $"knowledge-{group}-{part}-{i:D3}",
                capital ? $"capital of {entity.Name}?" : $"ruler of {entity.Name}?",
                capital ? entity.Capital : entity.Ruler);
            var names = string.Join(", ", entities.Select(e => e.Name));
            tasks.Add(new AcquisitionTask(
                $"knowledge-{group}",
                $"Answer questions about the capitals and rulers of the realms {names}.",
                skills.HiddenLookup.Name,
                TaskKind.Knowledge,
                [Fact("probe", 0, entities[0], true), Fact("probe", 1, entities[1], true)],
                [.. new[] { (0, false), (2, false), (4, false), (3, true), (5, true) }.Select((f, i) => Fact("dev", i, entities[f.Item1], f.Item2))],
                [.. new[] { (1, false), (3, false), (5, false), (2, true), (4, true) }.Select((f, i) => Fact("test", i, entities[f.Item1], f.Item2))],
                new SkillChecker(skills.HiddenLookup)));
        }

        return tasks;
    }
}
