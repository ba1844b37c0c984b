using System.Text.Json;

namespace DataSearch.Pool.Import;

/// <summary>Tells a record's layout from the fields it has.</summary>
public static class FormatDetector
{
    private static readonly string[] CanonicalOnlyFields = ["sample_id", "source_name", "target", "tags", "metadata"];

    /// <summary>What the detector looks for, for error messages.</summary>
    public const string Expectations =
        "messages (canonical or OpenAI), conversations (ShareGPT), instruction + output/response (Alpaca), " +
        "prompt + completion, or question + answer (GSM8K)";

    /// <summary>The layout of <paramref name="record"/>, or null when no known layout fits.</summary>
    public static SourceFormat? Detect(JsonElement record)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        bool Has(string name) => record.TryGetProperty(name, out _);

        if (Has("messages"))
        {
            return CanonicalOnlyFields.Any(Has) ? SourceFormat.Canonical : SourceFormat.OpenAI;
        }

        if (Has("conversations"))
        {
            return SourceFormat.ShareGpt;
        }

        if (Has("instruction") && (Has("output") || Has("response")))
        {
            return SourceFormat.Alpaca;
        }

        if (Has("prompt") && Has("completion"))
        {
            return SourceFormat.PromptCompletion;
        }

        if (Has("question") && Has("answer"))
        {
            return SourceFormat.Gsm8k;
        }

        return null;
    }
}
