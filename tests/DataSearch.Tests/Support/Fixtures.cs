namespace DataSearch.Tests.Support;

/// <summary>Paths of the hand-written fixture files copied next to the test assembly.</summary>
public static class Fixtures
{
    public static string Import(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "import", name);

    /// <summary>The shipped example recipes (examples/recipes), copied next to the test assembly.</summary>
    public static string Recipes => Path.Combine(AppContext.BaseDirectory, "examples", "recipes");
}
