using System.Text.Json;
using DataSearch.Retrieval;

namespace DataSearch.Teachers;

/// <summary>One instruction/response pair a teacher wrote.</summary>
public sealed record TeacherPair(string Prompt, string Response)
{
    /// <summary>
    /// The usable pairs of a teacher's <c>{"pairs": [{"question": …, "answer": …}, …]}</c> reply, trimmed, at
    /// most <paramref name="most"/> (entries without both texts are skipped, not counted); null when the
    /// reply holds no such list.
    /// </summary>
    public static IReadOnlyList<TeacherPair>? FromReply(JsonElement reply, int most)
    {
        if (reply.ValueKind != JsonValueKind.Object || !reply.TryGetProperty("pairs", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        static string? Text(JsonElement element, string field) =>
            element.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString()!.Trim() : null;
        return [.. list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object).Select(p => (Question: Text(p, "question"), Answer: Text(p, "answer")))
            .Where(p => p.Question is not null && p.Answer is not null).Take(most).Select(p => new TeacherPair(p.Question!, p.Answer!))];
    }
}

/// <summary>
/// The source of <c>demonstrate</c> and <c>answer</c>, and the reader that turns each passage
/// <c>retrieve</c> returns into training pairs. Calls are pure functions of their arguments, the seed and
/// <see cref="Version"/>, so their results can be cached under that key.
/// </summary>
public interface ITeacher
{
    /// <summary>Changes whenever the teacher would answer differently (its kind, noise, model).</summary>
    string Version { get; }

    /// <summary>Up to <paramref name="count"/> pairs for a skill name or an instruction; empty when the teacher cannot.</summary>
    IReadOnlyList<TeacherPair> Demonstrate(string skillOrInstruction, int count, ulong seed, CancellationToken cancellation);

    /// <summary>The teacher's answer to <paramref name="question"/>, or null when it has none.</summary>
    string? Answer(string question, ulong seed, CancellationToken cancellation);

    /// <summary>
    /// The question/answer pairs <paramref name="passage"/> answers, written for the task
    /// <paramref name="instruction"/> describes (its question form), in passage order; empty when it states
    /// nothing the teacher can ask about. The same step serves every corpus: an LLM teacher reads a
    /// Wikipedia article exactly as the world's teacher reads its encyclopedia.
    /// </summary>
    IReadOnlyList<TeacherPair> Read(CorpusPassage passage, string instruction, ulong seed, CancellationToken cancellation);
}
