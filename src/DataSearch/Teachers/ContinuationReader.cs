using System.Text.RegularExpressions;
using DataSearch.Retrieval;

namespace DataSearch.Teachers;

/// <summary>
/// Reading with no question writer: each sentence of four or more words becomes a continuation pair
/// (the title and the sentence's first half → its second half), each side cut to
/// <see cref="MaxChars"/> characters so that it fits a small model's context. It knows no question
/// form of any benchmark or task: what a policy learns from it is the passage's text itself. The
/// world's teacher reads the sentences it cannot ask about this way; <c>datasearch retrieve --samples</c>
/// shows a file corpus read this way.
/// </summary>
public sealed partial class ContinuationReader(int maxChars = ContinuationReader.MaxChars)
{
    /// <summary>Longest prompt or response by default, in characters.</summary>
    public const int MaxChars = 24;

    /// <summary>The continuation pairs of <paramref name="passage"/>, in sentence order.</summary>
    public IReadOnlyList<TeacherPair> Read(CorpusPassage passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        var subject = passage.Title.Trim();
        return [.. Sentences(passage.Text).Select(s => Continuation(subject, s, maxChars)).OfType<TeacherPair>()];
    }

    /// <summary>The sentences of <paramref name="text"/>, trimmed, without their closing full stop.</summary>
    public static IEnumerable<string> Sentences(string text) =>
        SentenceEnd().Split(text).Select(s => s.Trim().TrimEnd('.')).Where(s => s.Length > 0);

    /// <summary>The continuation pair of one sentence, or null when it is shorter than four words.</summary>
    public static TeacherPair? Continuation(string subject, string sentence, int maxChars = MaxChars)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(sentence);
        var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4)
        {
            return null;
        }

        var half = words.Length / 2;
        var prompt = string.Join(' ', words[..half]);
        var response = string.Join(' ', words[half..]);
        prompt = subject.Length > 0 && !prompt.Contains(subject, StringComparison.Ordinal) ? $"{subject}: {prompt}" : prompt;
        return new TeacherPair(prompt.Length > maxChars ? prompt[^maxChars..].TrimStart() : prompt, response.Length > maxChars ? response[..maxChars].TrimEnd() : response);
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
