namespace DataSearch.World;

/// <summary>
/// A guard for the seam between the engine and its data: inside <see cref="Forbid"/> (on this logical
/// call and everything it starts), generating, opening or reading the built-in world throws. Tests use it
/// to show that a files-environment flow never touches the world.
/// </summary>
public static class WorldAccess
{
    private static readonly AsyncLocal<string?> Forbidden = new();

    /// <summary>Forbids the world until the result is disposed; <paramref name="why"/> goes into the error.</summary>
    public static IDisposable Forbid(string why)
    {
        var previous = Forbidden.Value;
        Forbidden.Value = why;
        return new Scope(previous);
    }

    /// <summary>Called by every way into the world; throws inside <see cref="Forbid"/>.</summary>
    public static void Enter(string what)
    {
        if (Forbidden.Value is { } why)
        {
            throw new InvalidOperationException($"the built-in world was used ({what}) where it must not be: {why}");
        }
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => Forbidden.Value = previous;
    }
}
