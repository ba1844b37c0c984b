namespace DataSearch.Progress;

/// <summary>
/// Runs the named stages of a long job, giving each a progress sink: the CLI draws them as progress bars,
/// a library caller may run them silently (<see cref="SilentStages"/>). Lets orchestration live in the
/// library while the front end decides how progress looks.
/// </summary>
public interface IStageRunner
{
    /// <summary>Runs <paramref name="work"/> as the stage <paramref name="stage"/> and returns its result.</summary>
    T Run<T>(string stage, Func<IProgress<ProgressReport>?, T> work);
}

/// <summary>Runs stages without reporting progress.</summary>
public sealed class SilentStages : IStageRunner
{
    public T Run<T>(string stage, Func<IProgress<ProgressReport>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(null);
    }
}
