using DataSearch.Errors;

namespace DataSearch.Evaluation;

/// <summary>An evaluation that ran but failed (a command's exit code, a timeout); the search records it as failed and goes on.</summary>
public sealed class EvaluationFailedException(string message) : DataSearchException(message);
