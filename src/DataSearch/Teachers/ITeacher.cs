namespace DataSearch.Teachers;

/// <summary>One instruction/response pair a teacher wrote.</summary>
public sealed record TeacherPair(string Prompt, string Response);

/// <summary>
/// The source of <c>demonstrate</c> and <c>answer</c>. Calls are pure functions of their arguments, the
/// seed and <see cref="Version"/>, so their results can be cached under that key.
/// </summary>
public interface ITeacher
{
    /// <summary>Changes whenever the teacher would answer differently (its kind, noise, model).</summary>
    string Version { get; }

    /// <summary>Up to <paramref name="count"/> pairs for a skill name or an instruction; empty when the teacher cannot.</summary>
    IReadOnlyList<TeacherPair> Demonstrate(string skillOrInstruction, int count, ulong seed, CancellationToken cancellation);

    /// <summary>The teacher's answer to <paramref name="question"/>, or null when it has none.</summary>
    string? Answer(string question, ulong seed, CancellationToken cancellation);
}
