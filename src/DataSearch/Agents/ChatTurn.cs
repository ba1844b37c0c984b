namespace DataSearch.Agents;

/// <summary>One message of a chat request.</summary>
/// <param name="Role">system, user or assistant.</param>
/// <param name="Content">The text.</param>
public sealed record ChatTurn(string Role, string Content);
