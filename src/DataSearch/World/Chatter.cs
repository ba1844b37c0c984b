using DataSearch.Randomness;
using DataSearch.World.Skills;

namespace DataSearch.World;

/// <summary>Off-target small talk: the kind of pool data that trains nothing a benchmark asks for.</summary>
public static class Chatter
{
    private static readonly (string Prompt, string Answer)[] Templates =
    [
        ("hi there", "hello! how are you?"),
        ("how is it going", "fine, thanks for asking"),
        ("what's up", "not much, you?"),
        ("lol {0}", "haha yes {0}"),
        ("anyone seen {0}", "no idea, sorry"),
        ("thanks", "you are welcome"),
        ("good morning", "morning! nice day"),
        ("i like {0}", "me too, {0} is great"),
        ("brb", "ok see you"),
        ("{0} or {1}?", "{1} for sure"),
    ];

    /// <summary>One exchange.</summary>
    public static SkillItem Generate(DeterministicRandom random)
    {
        var (prompt, answer) = random.Pick(Templates);
        var a = Words.Word(random, 3, 6);
        var b = Words.Word(random, 3, 6);
        return new SkillItem(string.Format(System.Globalization.CultureInfo.InvariantCulture, prompt, a, b), string.Format(System.Globalization.CultureInfo.InvariantCulture, answer, a, b));
    }
}
