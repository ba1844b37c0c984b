using System.Globalization;
using DataSearch.Randomness;
using DataSearch.Retrieval;
using DataSearch.Teachers;
using DataSearch.World.Skills;

namespace DataSearch.World;

/// <summary>
/// The embedded teacher: the world's own generators and solvers. <c>demonstrate</c> takes a skill name
/// (or a question of that skill, whose format identifies it); <c>answer</c> solves any question of any
/// skill, hidden encyclopedia facts included. With <see cref="Noise"/> &gt; 0 each answer is replaced by a
/// plausible wrong one with that probability, as a fallible teacher would. It reads a passage with
/// <see cref="EncyclopediaReader"/>: a fact the passage states is read back exactly (the error rate is
/// for what the teacher has to work out or recall, not for copying).
/// </summary>
public sealed class WorldTeacher(WorldSkills skills, double noise) : ITeacher
{
    /// <summary>Probability that an answer is wrong.</summary>
    public double Noise { get; } = noise is >= 0 and <= 1 ? noise : throw new ArgumentOutOfRangeException(nameof(noise), "noise must be in [0, 1]");

    public string Version => $"world-teacher:1:noise={Noise.ToString("R", CultureInfo.InvariantCulture)}";

    public IReadOnlyList<TeacherPair> Demonstrate(string skillOrInstruction, int count, ulong seed, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(skillOrInstruction);
        if (SkillFor(skillOrInstruction) is not { } skill)
        {
            return [];
        }

        var random = new DeterministicRandom(seed);
        var pairs = new List<TeacherPair>(count);
        for (var i = 0; i < count; i++)
        {
            var item = skill.Generate(random, SkillSplit.InDistribution);
            var answer = random.Chance(Noise) ? skill.Corrupt(random, item) : item.Answer;
            pairs.Add(new TeacherPair(item.Prompt, answer));
        }

        return pairs;
    }

    public string? Answer(string question, ulong seed, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(question);
        foreach (var skill in skills.All)
        {
            if (skill.Solve(question) is { } answer)
            {
                var random = new DeterministicRandom(seed);
                return random.Chance(Noise) ? skill.Corrupt(random, new SkillItem(question.Trim(), answer)) : answer;
            }
        }

        return null;
    }

    public IReadOnlyList<TeacherPair> Read(CorpusPassage passage, string instruction, ulong seed, CancellationToken cancellation) =>
        EncyclopediaReader.Read(passage);

    private Skill? SkillFor(string text) =>
        skills.Find(text.Trim()) ?? skills.All.FirstOrDefault(s => s.Solve(text) is not null);
}
