using DataSearch.Progress;

namespace DataSearch.Models.Setup;

/// <summary>
/// What the program hosting a run (the command line, a test, a notebook) lends the library's setup:
/// a runner that shows each slow stage's progress, a sink for one-line notes and warnings, and the
/// cancellation of the whole run.
/// </summary>
public sealed record RunHost(IStageRunner Stages, Action<string> Note, CancellationToken Cancellation)
{
    /// <summary>A host that shows nothing and never cancels (tests, tools).</summary>
    public static RunHost Silent { get; } = new(new SilentStages(), _ => { }, CancellationToken.None);
}
