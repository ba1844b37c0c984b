namespace DataSearch.Recipes;

/// <summary>
/// Observes recipe execution without changing data: hooks see selections and traces, never a way to
/// alter them. Exceptions thrown by a hook abort the recipe like a failing step.
/// </summary>
public interface IRecipeHook
{
    /// <summary>Before the first step.</summary>
    void BeforeRecipe(Recipe recipe, Selection input)
    {
    }

    /// <summary>After the last step.</summary>
    void AfterRecipe(Recipe recipe, RecipeResult result)
    {
    }

    /// <summary>Before a step.</summary>
    void BeforeStep(string path, RecipeStep step, Selection input)
    {
    }

    /// <summary>After a step, with its trace.</summary>
    void AfterStep(StepTrace trace)
    {
    }

    /// <summary>When a step fails; the recipe then fails with the same exception.</summary>
    void OnStepError(string path, RecipeStep step, Exception error)
    {
    }
}
