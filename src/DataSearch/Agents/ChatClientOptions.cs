using System.Globalization;

namespace DataSearch.Agents;

/// <summary>
/// Where and how to reach an OpenAI-compatible chat endpoint. Read from the environment only
/// (<c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>, <c>LLM_MODEL</c>, <c>THINKING_MODEL</c>); the key is
/// never written anywhere.
/// </summary>
/// <param name="BaseUrl">The API root, e.g. <c>https://api.example.com/v1</c>.</param>
/// <param name="ApiKey">The bearer token, or null for endpoints without one.</param>
/// <param name="Model">The model for ordinary calls.</param>
/// <param name="ThinkingModel">The model for calls that reason at length (defaults to <paramref name="Model"/>).</param>
/// <param name="Timeout">Per-attempt timeout.</param>
/// <param name="MaxAttempts">Attempts per call (first try included).</param>
/// <param name="BaseDelay">Back-off before the second attempt; doubles each time (a server's Retry-After wins).</param>
public sealed record ChatClientOptions(string BaseUrl, string? ApiKey, string Model, string ThinkingModel, TimeSpan Timeout, int MaxAttempts, TimeSpan BaseDelay)
{
    /// <summary>The options the environment describes, or null when no endpoint is configured.</summary>
    public static ChatClientOptions? FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var url = environment("OPENAI_BASE_URL");
        var model = environment("LLM_MODEL");
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var timeout = double.TryParse(environment("LLM_TIMEOUT_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : 120;
        return new ChatClientOptions(url.TrimEnd('/'), environment("OPENAI_API_KEY"), model, environment("THINKING_MODEL") is { Length: > 0 } thinking ? thinking : model,
            TimeSpan.FromSeconds(timeout), 4, TimeSpan.FromSeconds(1));
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{BaseUrl} model {Model} (key {(ApiKey is null ? "none" : "set")})";
}
