namespace DataSearch.Pool;

/// <summary>One turn of a conversation.</summary>
public readonly record struct ChatMessage(ChatRole Role, string Content);
