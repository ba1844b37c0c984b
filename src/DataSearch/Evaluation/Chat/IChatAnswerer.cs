using DataSearch.Progress;

namespace DataSearch.Evaluation.Chat;

/// <summary>
/// A backend that answers chat benchmark questions: a served model behind an OpenAI-compatible endpoint,
/// the embedded model, or any command (locally or as a Slurm job). Multi-turn questions are answered
/// turn by turn, each turn seeing the earlier turns and the model's own earlier answers.
/// </summary>
public interface IChatAnswerer
{
    /// <summary>The answering model, as recorded beside every answer.</summary>
    string Name { get; }

    /// <summary>
    /// Answers <paramref name="questions"/>, handing each finished question to <paramref name="answered"/>
    /// (one answer per user turn) as soon as it is done, so that finished work survives a crash;
    /// <paramref name="answered"/> may be called from several threads.
    /// </summary>
    void Answer(IReadOnlyList<ChatQuestion> questions, Action<ChatQuestion, IReadOnlyList<string>> answered, IProgress<ProgressReport>? progress, CancellationToken cancellation);
}
