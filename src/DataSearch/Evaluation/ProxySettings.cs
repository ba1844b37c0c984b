namespace DataSearch.Evaluation;

/// <summary>
/// The proxy evaluator's settings (the <c>proxy:</c> block under <c>evaluator:</c>, used when
/// <c>kind: proxy</c>): which proxy size and how many held-out items of each benchmark it scores.
/// </summary>
public sealed record ProxySettings
{
    /// <summary>The proxy sizes, the default first: <c>default</c>, <c>large</c> (about 4× the parameters), <c>long</c> (4× the fine-tuning steps), <c>tiny</c> (seconds; for tests).</summary>
    public static readonly IReadOnlyList<string> Sizes = ["default", "large", "long", "tiny"];

    /// <summary>One of <see cref="Sizes"/>.</summary>
    public string Size { get; init; } = "default";

    /// <summary>Held-out items scored per benchmark (drawn once, by a fixed seed, so every evaluation scores the same items).</summary>
    public int Items { get; init; } = 100;

    /// <summary>How a multiple-choice item is scored: <c>cloze</c> (the right option's text given the question; the default) or <c>letter</c> (the answer letter given the question and its options).</summary>
    public string Choices { get; init; } = "cloze";

    /// <summary>CPU threads torch may use; null: every core.</summary>
    public int? Threads { get; init; }

    /// <summary>The problems with these settings, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Sizes.Contains(Size, StringComparer.Ordinal))
        {
            yield return $"evaluator.proxy.size: '{Size}' is not one of {string.Join(", ", Sizes)}";
        }

        if (Items < 1)
        {
            yield return "evaluator.proxy.items: must be ≥ 1";
        }

        if (Choices is not ("cloze" or "letter"))
        {
            yield return $"evaluator.proxy.choices: '{Choices}' is not cloze or letter";
        }

        if (Threads is < 1)
        {
            yield return "evaluator.proxy.threads: must be ≥ 1";
        }
    }
}
