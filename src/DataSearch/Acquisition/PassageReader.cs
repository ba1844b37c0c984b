using System.Text.RegularExpressions;

namespace DataSearch.Acquisition;

/// <summary>
/// Turns a retrieved passage into training samples. Sentences that state an attribute of the passage's
/// subject (<c>Its capital is Tamsk.</c>, <c>Veloria is ruled by Omar.</c>) become questions in the world's
/// question form (<c>capital of Veloria?</c> → <c>Tamsk</c>): the reading step a QA generator does. Every
/// other sentence becomes a continuation sample (the title and the sentence's first words → the rest),
/// cut to <see cref="MaxChars"/> characters a side so that it fits a small model's context.
/// </summary>
public static partial class PassageReader
{
    /// <summary>Longest prompt or response of a continuation sample, in characters.</summary>
    public const int MaxChars = 24;

    /// <summary>The samples of one passage, in sentence order.</summary>
    public static IReadOnlyList<TeacherPair> Read(CorpusPassage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var subject = passage.Title.Trim();
        var samples = new List<TeacherPair>();
        foreach (var raw in SentenceEnd().Split(passage.Text))
        {
            var sentence = raw.Trim().TrimEnd('.');
            if (sentence.Length == 0)
            {
                continue;
            }

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
            else if (Continuation(subject, sentence) is { } continuation)
            {
                samples.Add(continuation);
            }
        }

        return samples;
    }

    private static TeacherPair? Continuation(string subject, string sentence)
    {
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4)
        {
            return null;
        }

        var half = words.Length / 2;
        var prompt = string.Join(' ', words[..half]);
        var response = string.Join(' ', words[half..]);
        prompt = subject.Length > 0 && !prompt.Contains(subject, StringComparison.Ordinal) ? $"{subject}: {prompt}" : prompt;
        return new TeacherPair(prompt.Length > MaxChars ? prompt[^MaxChars..].TrimStart() : prompt, response.Length > MaxChars ? response[..MaxChars].TrimEnd() : response);
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"^(?:Its|The) ([a-z]+) is (\w+)$")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"^(\w+) is ruled by (\w+)$")]
    private static partial Regex RuledBy();
}
