using System.Text.Json;
using DataSearch.Errors;

namespace DataSearch.Pool.Import;

/// <summary>
/// Reads Alpaca records: the user turn is <c>instruction</c>, followed by a blank line and <c>input</c>
/// when that is not empty; the response is <c>output</c> (or <c>response</c>). LLaMA-Factory's optional
/// <c>system</c> and <c>history</c> ([[question, answer], …], earlier turns) are honoured.
/// </summary>
internal sealed class AlpacaRecordConverter : IRecordConverter
{
    private static readonly HashSet<string> KnownFields = ["instruction", "input", "output", "response", "system", "history"];

    public SourceFormat Format => SourceFormat.Alpaca;

    public ConvertedRecord Convert(JsonElement record)
    {
        var fields = new JsonRecord(record);
        var instruction = fields.RequireString("instruction");
        var input = fields.OptionalString("input");
        var output = fields.OptionalString("output") ?? fields.OptionalString("response") ?? throw JsonRecord.Missing("output");
        var messages = new List<ChatMessage>(4);
        if (fields.OptionalString("system") is { Length: > 0 } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        if (fields.OptionalArray("history") is { } history)
        {
            AddHistory(history, messages);
        }

        var prompt = string.IsNullOrWhiteSpace(input) ? instruction : $"{instruction}\n\n{input}";
        messages.Add(new ChatMessage(ChatRole.User, prompt));
        messages.Add(new ChatMessage(ChatRole.Assistant, output));
        return new ConvertedRecord(null, messages, null, null, [], fields.MetadataWithExtras(KnownFields, null));
    }

    private static void AddHistory(JsonElement history, List<ChatMessage> messages)
    {
        var index = 0;
        foreach (var pair in history.EnumerateArray())
        {
            var path = $"history[{index}]";
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2)
            {
                throw new RecordRejectedException(InputProblemKind.WrongType, path, "expected a [question, answer] pair of strings");
            }

            var question = pair[0];
            var answer = pair[1];
            if (question.ValueKind != JsonValueKind.String || answer.ValueKind != JsonValueKind.String)
            {
                throw new RecordRejectedException(InputProblemKind.WrongType, path, "expected a [question, answer] pair of strings");
            }

            messages.Add(new ChatMessage(ChatRole.User, question.GetString()!));
            messages.Add(new ChatMessage(ChatRole.Assistant, answer.GetString()!));
            index++;
        }
    }
}
