using System.Text.Json;

namespace DataSearch.Pool.Import;

/// <summary>
/// Reads GSM8K records: <c>question</c> → user, <c>answer</c> (the worked solution) → assistant; the number
/// after the final <c>####</c> becomes the sample's target.
/// </summary>
internal sealed class Gsm8kRecordConverter : IRecordConverter
{
    private static readonly HashSet<string> KnownFields = ["question", "answer"];

    public SourceFormat Format => SourceFormat.Gsm8k;

    public ConvertedRecord Convert(JsonElement record)
    {
        var fields = new JsonRecord(record);
        var question = fields.RequireString("question");
        var answer = fields.RequireString("answer");
        ChatMessage[] messages = [new(ChatRole.User, question), new(ChatRole.Assistant, answer)];
        return new ConvertedRecord(null, messages, null, FinalAnswer(answer), [], fields.MetadataWithExtras(KnownFields, null));
    }

    /// <summary>The text after the last <c>####</c> marker, trimmed, or null when there is none.</summary>
    public static string? FinalAnswer(string answer)
    {
        var marker = answer.LastIndexOf("####", StringComparison.Ordinal);
        if (marker < 0)
        {
            return null;
        }

        var value = answer[(marker + 4)..].Trim();
        return value.Length == 0 ? null : value;
    }
}
