using DataSearch.Checkers;
using DataSearch.Environments;

namespace DataSearch.World;

/// <summary>
/// The one place that knows every kind of environment: <c>world</c> (this folder's
/// <see cref="WorldEnvironment"/>) and <c>files</c> (<see cref="FilesEnvironment"/>). It sits in the top
/// layer because the world does; nothing below it names an environment's kind.
/// </summary>
public static class EnvironmentFactory
{
    /// <summary>The environment <paramref name="settings"/> describe (paths already absolute).</summary>
    public static IDataEnvironment Create(EnvironmentSettings settings, AnswerCheckers? checkers = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfInvalid();
        return settings.Kind == "world" ? WorldEnvironment.Open(settings.Path!) : new FilesEnvironment(settings, checkers);
    }
}
