using System.Text.Json.Serialization;

namespace DataSearch.Evaluation.Chat;

/// <summary>One line of an answers file: a question's id, one answer per user turn, and who answered.</summary>
/// <param name="QuestionId">The benchmark's question id.</param>
/// <param name="Turns">The answers, one per user turn, in order.</param>
/// <param name="Model">The answering model (the backend's name for it).</param>
public sealed record ChatAnswerRecord(
    [property: JsonPropertyName("question_id")] string QuestionId,
    [property: JsonPropertyName("turns")] IReadOnlyList<string> Turns,
    [property: JsonPropertyName("model")] string Model);
