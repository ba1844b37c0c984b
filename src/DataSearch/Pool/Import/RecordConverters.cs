namespace DataSearch.Pool.Import;

/// <summary>The converter for each <see cref="SourceFormat"/>.</summary>
internal static class RecordConverters
{
    public static IRecordConverter For(SourceFormat format) => format switch
    {
        SourceFormat.Canonical => new MessagesRecordConverter(SourceFormat.Canonical),
        SourceFormat.OpenAI => new MessagesRecordConverter(SourceFormat.OpenAI),
        SourceFormat.ShareGpt => new ShareGptRecordConverter(),
        SourceFormat.Alpaca => new AlpacaRecordConverter(),
        SourceFormat.PromptCompletion => new PromptCompletionRecordConverter(),
        SourceFormat.Gsm8k => new Gsm8kRecordConverter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown source format."),
    };

    /// <summary>Rejects a conversation without any assistant turn: it has nothing to train on.</summary>
    public static void RequireResponse(IReadOnlyList<ChatMessage> messages, string field)
    {
        if (messages.Count == 0)
        {
            throw new RecordRejectedException(Errors.InputProblemKind.EmptyConversation, field, "the conversation is empty");
        }

        foreach (var message in messages)
        {
            if (message.Role == ChatRole.Assistant)
            {
                return;
            }
        }

        throw new RecordRejectedException(Errors.InputProblemKind.EmptyConversation, field, "the conversation has no assistant message to train on");
    }
}
