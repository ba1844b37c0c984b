using System.Collections.Concurrent;
using DataSearch.Recipes;

namespace ExampleExtension;

/// <summary>A hook that records one line per step (it only observes: hooks cannot change a selection).</summary>
public sealed class StepLogHook : IRecipeHook
{
    /// <summary>Every line recorded in this process, for inspection.</summary>
    public static ConcurrentQueue<string> Lines { get; } = new();

    /// <inheritdoc />
    public void AfterStep(StepTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var line = $"[example-hook] step {trace.Path} {trace.Op}: {trace.In} → {trace.Out}";
        Lines.Enqueue(line);
        Console.Error.WriteLine(line);
    }

    /// <inheritdoc />
    public void OnStepError(string path, RecipeStep step, Exception error)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(error);
        Lines.Enqueue($"[example-hook] step {path} {step.Op} failed: {error.Message}");
    }
}
