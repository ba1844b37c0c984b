using DataSearch.Errors;

namespace DataSearch.Agents;

/// <summary>The endpoint could not give a usable answer after every retry; callers fall back to the heuristic policy.</summary>
public sealed class AgentUnavailableException(string message, Exception? inner = null) : DataSearchException(message, inner);
