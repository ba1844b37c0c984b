namespace DataSearch.Tests.Support;

/// <summary>Paths of the hand-written fixture files copied next to the test assembly.</summary>
public static class Fixtures
{
    public static string Import(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "import", name);
}
