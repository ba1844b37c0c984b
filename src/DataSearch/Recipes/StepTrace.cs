namespace DataSearch.Recipes;

/// <summary>What one step did.</summary>
/// <param name="Path">The step's path (<c>2</c>, <c>3.branches[1].1</c>).</param>
/// <param name="Op">The operator.</param>
/// <param name="Version">The operator's version.</param>
/// <param name="Arguments">The arguments after defaults were filled in.</param>
/// <param name="In">Samples in.</param>
/// <param name="Out">Samples out.</param>
/// <param name="Milliseconds">Wall time.</param>
/// <param name="Hash">Hash of the output indices (<see cref="Selection.Hash"/>).</param>
/// <param name="Details">What the operator reported.</param>
public sealed record StepTrace(
    string Path,
    string Op,
    int Version,
    IReadOnlyDictionary<string, object?> Arguments,
    int In,
    int Out,
    double Milliseconds,
    string Hash,
    IReadOnlyDictionary<string, object?> Details);
