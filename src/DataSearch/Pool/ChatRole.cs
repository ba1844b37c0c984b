namespace DataSearch.Pool;

/// <summary>Who speaks a message. Stored as one byte per message.</summary>
public enum ChatRole : byte
{
    System = 0,
    User = 1,
    Assistant = 2,
    Tool = 3,
}

/// <summary>The canonical lower-case names of <see cref="ChatRole"/> values, as written in canonical JSONL.</summary>
public static class ChatRoleNames
{
    /// <summary>The canonical name of <paramref name="role"/>.</summary>
    public static string Of(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        ChatRole.Assistant => "assistant",
        ChatRole.Tool => "tool",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown chat role."),
    };

    /// <summary>Parses a canonical role name (exact, lower case); OpenAI's <c>developer</c> reads as system.</summary>
    public static bool TryParse(string? name, out ChatRole role)
    {
        switch (name)
        {
            case "system":
            case "developer":
                role = ChatRole.System;
                return true;
            case "user":
                role = ChatRole.User;
                return true;
            case "assistant":
                role = ChatRole.Assistant;
                return true;
            case "tool":
                role = ChatRole.Tool;
                return true;
            default:
                role = default;
                return false;
        }
    }
}
