using System.Text.Json;

namespace DataSearch.Pool.Import;

/// <summary>
/// Reads prompt/completion pairs (T0, GPT-3 fine-tuning files). A trailing <c>&lt;|endoftext|&gt;</c> end
/// marker is removed from the completion; other fields (T0's <c>template</c>) go to metadata.
/// </summary>
internal sealed class PromptCompletionRecordConverter : IRecordConverter
{
    public const string EndOfText = "<|endoftext|>";

    private static readonly HashSet<string> KnownFields = ["prompt", "completion"];

    public SourceFormat Format => SourceFormat.PromptCompletion;

    public ConvertedRecord Convert(JsonElement record)
    {
        var fields = new JsonRecord(record);
        var prompt = fields.RequireString("prompt");
        var completion = StripEndOfText(fields.RequireString("completion"));
        ChatMessage[] messages = [new(ChatRole.User, prompt), new(ChatRole.Assistant, completion)];
        return new ConvertedRecord(null, messages, null, null, [], fields.MetadataWithExtras(KnownFields, null));
    }

    /// <summary>Removes one trailing end-of-text marker (and white space after it).</summary>
    public static string StripEndOfText(string completion)
    {
        var trimmed = completion.TrimEnd();
        return trimmed.EndsWith(EndOfText, StringComparison.Ordinal) ? trimmed[..^EndOfText.Length] : completion;
    }
}
