using System.Text.Json.Serialization;

namespace DataSearch.World;

/// <summary>
/// One source of the world's pool and the rates of its pathologies. A sample is first chatter,
/// off-skill, an exact or a near duplicate (of an earlier clean sample), or an on-target skill sample, in
/// proportion to those rates; an on-target sample is then wrong, truncated, bloated or clean. Tags are
/// mislabelled independently. All rates are fractions in [0, 1]. An on-target sample's skill is drawn
/// uniformly from the benchmarked skills, or, when <paramref name="Skills"/> is given, in its shares
/// (relative weights; a skill left out never appears in the source).
/// </summary>
public sealed record SourceSpec(
    string Name,
    int Samples,
    double Chatter = 0,
    double OffSkill = 0,
    double ExactDuplicate = 0,
    double NearDuplicate = 0,
    double WrongAnswer = 0,
    double Truncated = 0,
    double Bloated = 0,
    double MislabelledTag = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Skills = null)
{
    /// <summary>Lists what is wrong with the spec, each naming the field.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "name: must not be empty";
        }

        if (Samples < 0)
        {
            yield return $"{Name}.samples: must be ≥ 0";
        }

        foreach (var (field, value) in new[]
        {
            ("chatter", Chatter), ("off_skill", OffSkill), ("exact_duplicate", ExactDuplicate), ("near_duplicate", NearDuplicate),
            ("wrong_answer", WrongAnswer), ("truncated", Truncated), ("bloated", Bloated), ("mislabelled_tag", MislabelledTag),
        })
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                yield return $"{Name}.{field}: must be in [0, 1], found {value}";
            }
        }

        if (Chatter + OffSkill + ExactDuplicate + NearDuplicate > 1 + 1e-9)
        {
            yield return $"{Name}: chatter + off_skill + exact_duplicate + near_duplicate must be ≤ 1";
        }

        if (WrongAnswer + Truncated + Bloated > 1 + 1e-9)
        {
            yield return $"{Name}: wrong_answer + truncated + bloated must be ≤ 1";
        }

        if (Skills is null)
        {
            yield break;
        }

        foreach (var (skill, share) in Skills)
        {
            if (!WorldSkills.BenchmarkedNames.Contains(skill))
            {
                yield return $"{Name}.skills.{skill}: not a benchmarked skill (expected one of {string.Join(", ", WorldSkills.BenchmarkedNames)})";
            }
            else if (share < 0 || !double.IsFinite(share))
            {
                yield return $"{Name}.skills.{skill}: a share must be a number ≥ 0, found {share}";
            }
        }

        if (Skills.Values.Where(double.IsFinite).Sum() <= 0)
        {
            yield return $"{Name}.skills: at least one skill needs a share > 0";
        }
    }
}
