using System.Globalization;

namespace DataSearch.Agents;

/// <summary>
/// Where and how to reach an OpenAI-compatible chat endpoint. Read from the environment only
/// (<c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c>, <c>LLM_MODEL</c>, <c>THINKING_MODEL</c>,
/// <c>LLM_TIMEOUT_SECONDS</c>, <c>LLM_MAX_RETRY_AFTER_SECONDS</c>, <c>LLM_MAX_ATTEMPTS</c>); the key is never written anywhere.
/// </summary>
/// <param name="BaseUrl">The API root, e.g. <c>https://api.example.com/v1</c>.</param>
/// <param name="ApiKey">The bearer token, or null for endpoints without one.</param>
/// <param name="Model">The model for ordinary calls.</param>
/// <param name="ThinkingModel">The model for calls that reason at length (defaults to <paramref name="Model"/>).</param>
/// <param name="Timeout">Per-attempt timeout.</param>
/// <param name="MaxAttempts">Attempts per call (first try included).</param>
/// <param name="BaseDelay">Back-off before the second attempt; doubles each time (a server's Retry-After wins up to <see cref="MaxRetryAfter"/>).</param>
public sealed record ChatClientOptions(string BaseUrl, string? ApiKey, string Model, string ThinkingModel, TimeSpan Timeout, int MaxAttempts, TimeSpan BaseDelay)
{
    /// <summary>The longest Retry-After a call waits; a server asking for more is treated as unavailable (callers fall back).</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The secrets masked in every text the endpoint returns, besides <see cref="ApiKey"/> (which is always
    /// masked); <see cref="FromEnvironment"/> fills it with every secret-like variable of the environment.
    /// </summary>
    public SecretRedactor Secrets { get; init; } = SecretRedactor.None;

    /// <summary>The redactor a client applies: <see cref="Secrets"/> and the API key.</summary>
    public SecretRedactor Redactor => Secrets.With([ApiKey]);

    /// <summary>
    /// The options the environment describes, or null when no endpoint is configured; <paramref name="secrets"/>
    /// defaults to <see cref="SecretRedactor.FromEnvironment"/> over the process's variables.
    /// </summary>
    public static ChatClientOptions? FromEnvironment(Func<string, string?>? environment = null, SecretRedactor? secrets = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var url = environment("OPENAI_BASE_URL");
        var model = environment("LLM_MODEL");
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var timeout = Seconds(environment, "LLM_TIMEOUT_SECONDS") ?? 120;
        var maxRetryAfter = Seconds(environment, "LLM_MAX_RETRY_AFTER_SECONDS") ?? 60;
        var attempts = int.TryParse(environment("LLM_MAX_ATTEMPTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 20 ? n : 4;
        return new ChatClientOptions(url.TrimEnd('/'), environment("OPENAI_API_KEY"), model, environment("THINKING_MODEL") is { Length: > 0 } thinking ? thinking : model,
            TimeSpan.FromSeconds(timeout), attempts, TimeSpan.FromSeconds(1))
        {
            MaxRetryAfter = TimeSpan.FromSeconds(maxRetryAfter),
            Secrets = secrets ?? SecretRedactor.FromEnvironment(environment),
        };
    }

    private static double? Seconds(Func<string, string?> environment, string variable) =>
        double.TryParse(environment(variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 ? seconds : null;

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"{BaseUrl} model {Model} (key {(ApiKey is null ? "none" : "set")})";
}
