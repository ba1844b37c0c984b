using System.Text.Json;
using DataSearch.Errors;

namespace DataSearch.Pool.Import;

/// <summary>
/// Reads ShareGPT records: <c>conversations</c> [{from, value}] with an optional <c>system</c> prompt.
/// Speakers map to roles: human/user → user; gpt/assistant/chatgpt/bard/model/function_call → assistant;
/// system → system; observation/tool/function → tool.
/// </summary>
internal sealed class ShareGptRecordConverter : IRecordConverter
{
    private static readonly HashSet<string> KnownFields = ["conversations", "system"];

    public SourceFormat Format => SourceFormat.ShareGpt;

    public ConvertedRecord Convert(JsonElement record)
    {
        var fields = new JsonRecord(record);
        var turns = fields.RequireArray("conversations");
        var messages = new List<ChatMessage>(turns.GetArrayLength() + 1);
        if (fields.OptionalString("system") is { Length: > 0 } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        var index = 0;
        foreach (var turn in turns.EnumerateArray())
        {
            var path = $"conversations[{index}]";
            if (turn.ValueKind != JsonValueKind.Object)
            {
                throw JsonRecord.WrongType(path, "an object with from and value", turn);
            }

            var turnFields = new JsonRecord(turn);
            var speaker = turnFields.OptionalString("from") ?? throw JsonRecord.Missing($"{path}.from");
            var value = turnFields.OptionalString("value") ?? throw JsonRecord.Missing($"{path}.value");
            messages.Add(new ChatMessage(RoleOf(speaker, $"{path}.from"), value));
            index++;
        }

        RecordConverters.RequireResponse(messages, "conversations");
        return new ConvertedRecord(null, messages, null, null, [], fields.MetadataWithExtras(KnownFields, null));
    }

    private static ChatRole RoleOf(string speaker, string field) => speaker.ToLowerInvariant() switch
    {
        "human" or "user" => ChatRole.User,
        "gpt" or "assistant" or "chatgpt" or "bard" or "model" or "function_call" => ChatRole.Assistant,
        "system" => ChatRole.System,
        "observation" or "tool" or "function" => ChatRole.Tool,
        _ => throw new RecordRejectedException(
            InputProblemKind.InvalidRole,
            field,
            $"unknown speaker '{speaker}'; expected human, gpt, system, observation or function_call"),
    };
}
