using System.Text.RegularExpressions;
using DataSearch.Retrieval;
using DataSearch.Teachers;

namespace DataSearch.World;

/// <summary>
/// How <see cref="WorldTeacher"/> reads a passage, standing in for the question-writing step an LLM
/// teacher does on a real corpus (<see cref="ITeacher.Read"/>): a sentence that states an attribute of
/// the passage's subject (<c>Its capital is Tamsk.</c>, <c>Veloria is ruled by Omar.</c>) becomes a
/// question in the world's question form (<c>capital of Veloria?</c> → <c>Tamsk</c>), as an LLM told the
/// task's form would write it; every other sentence is read as <see cref="ContinuationReader"/> reads it.
/// It knows the encyclopedia's sentence templates, so only the world's teacher uses it.
/// </summary>
public static partial class EncyclopediaReader
{
    /// <summary>The pairs of one passage, in sentence order.</summary>
    public static IReadOnlyList<TeacherPair> Read(CorpusPassage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var subject = passage.Title.Trim();
        var samples = new List<TeacherPair>();
        foreach (var sentence in ContinuationReader.Sentences(passage.Text))
        {
            var attribute = Attribute().Match(sentence);
            var ruledBy = RuledBy().Match(sentence);
            if (subject.Length > 0 && attribute.Success)
            {
                samples.Add(new TeacherPair($"{attribute.Groups[1].Value} of {subject}?", attribute.Groups[2].Value));
            }
            else if (ruledBy.Success)
            {
                samples.Add(new TeacherPair($"ruler of {ruledBy.Groups[1].Value}?", ruledBy.Groups[2].Value));
            }
            else if (ContinuationReader.Continuation(subject, sentence) is { } continuation)
            {
                samples.Add(continuation);
            }
        }

        return samples;
    }

    [GeneratedRegex(@"^(?:Its|The) ([a-z]+) is (\w+)$")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"^(\w+) is ruled by (\w+)$")]
    private static partial Regex RuledBy();
}
