namespace DataSearch.Pool.Import;

/// <summary>The record layouts the importer understands.</summary>
public enum SourceFormat
{
    /// <summary>DataSearch's own records: <c>messages</c> plus <c>sample_id</c>, <c>source_name</c>, <c>target</c>, <c>tags</c>, <c>metadata</c>.</summary>
    Canonical,

    /// <summary>OpenAI chat fine-tuning records: <c>messages</c> [{role, content}], content a string or text parts.</summary>
    OpenAI,

    /// <summary>ShareGPT: <c>conversations</c> [{from, value}], optional <c>system</c>.</summary>
    ShareGpt,

    /// <summary>Alpaca: <c>instruction</c>, optional <c>input</c>, <c>output</c> (or <c>response</c>), optional <c>system</c> and <c>history</c>.</summary>
    Alpaca,

    /// <summary>Prompt/completion pairs (T0, GPT-3 fine-tuning); a trailing <c>&lt;|endoftext|&gt;</c> is removed.</summary>
    PromptCompletion,

    /// <summary>GSM8K: <c>question</c>, <c>answer</c> ending in <c>#### number</c> (the number becomes the target).</summary>
    Gsm8k,
}

/// <summary>The command-line names of <see cref="SourceFormat"/> values.</summary>
public static class SourceFormatNames
{
    private static readonly (string Name, SourceFormat Format)[] Names =
    [
        ("canonical", SourceFormat.Canonical),
        ("openai", SourceFormat.OpenAI),
        ("sharegpt", SourceFormat.ShareGpt),
        ("alpaca", SourceFormat.Alpaca),
        ("prompt-completion", SourceFormat.PromptCompletion),
        ("gsm8k", SourceFormat.Gsm8k),
    ];

    /// <summary>All names, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    /// <summary>The name of <paramref name="format"/>.</summary>
    public static string Of(SourceFormat format) => Names.First(n => n.Format == format).Name;

    /// <summary>Parses a format name (case-insensitive).</summary>
    public static bool TryParse(string? name, out SourceFormat format)
    {
        foreach (var (candidate, value) in Names)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                format = value;
                return true;
            }
        }

        format = default;
        return false;
    }
}
