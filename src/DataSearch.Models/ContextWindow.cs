namespace DataSearch.Models;

/// <summary>
/// Fits an example into a context: a real instruction is often longer than a small model's context, and
/// cutting its end (what plain packing does) would cut away the response, the only part that carries
/// loss. Instead the prompt keeps its last tokens (the question usually ends it) and the response its
/// first, the prompt getting at least half the window when the response is long. The proxy trains and
/// scores on these windows, and the model-side signals score them.
/// </summary>
public static class ContextWindow
{
    /// <summary><paramref name="example"/> cut to at most <paramref name="length"/> tokens as described above.</summary>
    public static TokenizedExample Fit(TokenizedExample example, int length)
    {
        ArgumentNullException.ThrowIfNull(example);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 2);
        if (example.Tokens.Length <= length)
        {
            return example;
        }

        var response = example.Tokens.Length - example.ResponseStart;
        var prompt = Math.Min(example.ResponseStart, Math.Max(length / 2, length - response));
        var kept = new int[length];
        Array.Copy(example.Tokens, example.ResponseStart - prompt, kept, 0, prompt);
        Array.Copy(example.Tokens, example.ResponseStart, kept, prompt, length - prompt);
        return new TokenizedExample(kept, prompt);
    }
}
