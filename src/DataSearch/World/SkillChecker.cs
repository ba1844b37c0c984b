using DataSearch.Checkers;
using DataSearch.World.Skills;

namespace DataSearch.World;

/// <summary>A world skill's own answer rule as a benchmark checker, named after the skill.</summary>
public sealed class SkillChecker(Skill skill) : IAnswerChecker
{
    public string Name => skill.Name;

    public bool Check(string predicted, string expected)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(expected);
        return skill.Check(predicted, expected);
    }
}
