namespace DataSearch.Errors;

/// <summary>The class of a problem found in input data; stable names, used in <c>rejects.jsonl</c>.</summary>
public enum InputProblemKind
{
    MalformedJson,
    InvalidUtf8,
    MissingField,
    WrongType,
    EmptyConversation,
    InvalidRole,
    DuplicateId,
    UnknownFormat,
    UnreadableFile,
    UnknownId,
    RecordTooLarge,
}

/// <summary>One problem in one input record, with its exact location and what was expected.</summary>
public sealed record InputProblem(InputProblemKind Kind, InputLocation Location, string Message)
{
    /// <summary>The problem as one line: location, then what is wrong.</summary>
    public override string ToString() => $"{Location}: {Message}";
}
