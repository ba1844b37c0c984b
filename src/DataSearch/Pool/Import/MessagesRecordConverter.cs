using System.Text;
using System.Text.Json;
using DataSearch.Errors;

namespace DataSearch.Pool.Import;

/// <summary>
/// Reads records with a <c>messages</c> list: canonical DataSearch records and OpenAI chat records. A
/// message's content may be a string, null (read as empty) or a list of text parts (joined by newlines).
/// </summary>
internal sealed class MessagesRecordConverter(SourceFormat format) : IRecordConverter
{
    private static readonly HashSet<string> CanonicalFields = ["sample_id", "messages", "source_name", "target", "tags", "metadata"];
    private static readonly HashSet<string> OpenAIFields = ["messages"];

    public SourceFormat Format { get; } = format;

    public ConvertedRecord Convert(JsonElement record)
    {
        var fields = new JsonRecord(record);
        var messages = ReadMessages(fields.RequireArray("messages"));
        RecordConverters.RequireResponse(messages, "messages");
        if (Format != SourceFormat.Canonical)
        {
            return new ConvertedRecord(null, messages, null, null, [], fields.MetadataWithExtras(OpenAIFields, null));
        }

        var sampleId = fields.OptionalString("sample_id");
        if (sampleId is { Length: 0 })
        {
            throw new RecordRejectedException(InputProblemKind.WrongType, "sample_id", "expected a non-empty string, found an empty one");
        }

        var sourceName = fields.OptionalString("source_name");
        return new ConvertedRecord(
            sampleId,
            messages,
            string.IsNullOrEmpty(sourceName) ? null : sourceName,
            fields.OptionalStringOrNumber("target"),
            fields.OptionalStringList("tags"),
            fields.MetadataWithExtras(CanonicalFields, fields.OptionalObject("metadata")));
    }

    private static List<ChatMessage> ReadMessages(JsonElement array)
    {
        var messages = new List<ChatMessage>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"messages[{index}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw JsonRecord.WrongType(path, "an object with role and content", item);
            }

            var message = new JsonRecord(item);
            var roleName = message.OptionalString("role") ?? throw JsonRecord.Missing($"{path}.role");
            if (!ChatRoleNames.TryParse(roleName, out var role))
            {
                throw new RecordRejectedException(
                    InputProblemKind.InvalidRole,
                    $"{path}.role",
                    $"unknown role '{roleName}'; expected system, user, assistant or tool");
            }

            messages.Add(new ChatMessage(role, ReadContent(item, $"{path}.content")));
            index++;
        }

        return messages;
    }

    private static string ReadContent(JsonElement message, string path)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            throw JsonRecord.Missing(path);
        }

        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Null:
                return string.Empty;
            case JsonValueKind.Array:
                var text = new StringBuilder();
                var part = 0;
                foreach (var item in content.EnumerateArray())
                {
                    var partPath = $"{path}[{part}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw JsonRecord.WrongType(partPath, "a content part object", item);
                    }

                    var partRecord = new JsonRecord(item);
                    var type = partRecord.OptionalString("type");
                    if (type != "text")
                    {
                        throw new RecordRejectedException(
                            InputProblemKind.WrongType,
                            $"{partPath}.type",
                            $"only text content parts are supported, found '{type ?? "(none)"}'");
                    }

                    if (part > 0)
                    {
                        text.Append('\n');
                    }

                    text.Append(partRecord.OptionalString("text") ?? throw JsonRecord.Missing($"{partPath}.text"));
                    part++;
                }

                return text.ToString();
            default:
                throw JsonRecord.WrongType(path, "a string or a list of text parts", content);
        }
    }
}
