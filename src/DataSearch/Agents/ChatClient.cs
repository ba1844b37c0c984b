using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DataSearch.Agents;

/// <summary>
/// A client for OpenAI-compatible <c>/chat/completions</c> endpoints, its resilience a Polly pipeline: a
/// timeout per attempt, retries with exponential back-off (honouring Retry-After up to a cap; a longer
/// one means the endpoint is unavailable) on 429, 5xx, connection errors, timeouts and replies with
/// no usable JSON object; structured output requested through <c>response_format</c> with a JSON schema;
/// the reply's JSON object recovered with <see cref="JsonRepair"/>. Every text the endpoint returns
/// (replies, error bodies, transport errors) has every known secret masked as it arrives, before any
/// log, record or message can hold it. Every call is written to the
/// thinking log. Exhausted retries raise <see cref="AgentUnavailableException"/>, on which callers
/// fall back to the heuristic policy.
/// </summary>
public sealed class ChatClient : IDisposable
{
    private readonly HttpClient http;
    private readonly ChatClientOptions options;
    private readonly ThinkingLog? thinking;
    private readonly SecretRedactor redactor;

    /// <summary>Creates a client (<paramref name="handler"/> for tests; the default handler otherwise).</summary>
    public ChatClient(ChatClientOptions options, ThinkingLog? thinking = null, HttpMessageHandler? handler = null)
    {
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.thinking = thinking;
        redactor = options.Redactor;
        http = handler is null ? new HttpClient() : new HttpClient(handler);
        http.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The model ordinary calls use.</summary>
    public string Model => options.Model;

    /// <summary>The model calls that reason at length use (judges, feedback).</summary>
    public string ThinkingModel => options.ThinkingModel;

    /// <summary>Asks for a JSON object (optionally constrained by <paramref name="schema"/>) and returns it.</summary>
    /// <exception cref="AgentUnavailableException">No usable answer after every attempt.</exception>
    public Task<JsonDocument> CompleteJsonAsync(string agent, IReadOnlyList<ChatTurn> messages, JsonObject? schema = null, bool thinkingModel = false, CancellationToken cancellation = default)
    {
        var model = thinkingModel ? options.ThinkingModel : options.Model;
        return CompleteAsync(agent, model, Body(model, messages, schema, maxTokens: null), messages, JsonRepair.TryParseObject, "no JSON object in the reply", cancellation);
    }

    /// <summary>
    /// The model's plain-text reply to <paramref name="messages"/>, decoded greedily (temperature 0) with at
    /// most <paramref name="maxTokens"/> new tokens; an empty reply counts as a failed attempt.
    /// </summary>
    /// <exception cref="AgentUnavailableException">No reply after every attempt.</exception>
    public Task<string> CompleteTextAsync(string agent, IReadOnlyList<ChatTurn> messages, int maxTokens, CancellationToken cancellation = default) =>
        CompleteTextAsync(agent, options.Model, messages, maxTokens, cancellation);

    /// <summary>As the other overload, from the served model named <paramref name="model"/> (e.g. one LoRA adapter of several).</summary>
    /// <exception cref="AgentUnavailableException">No reply after every attempt.</exception>
    public Task<string> CompleteTextAsync(string agent, string model, IReadOnlyList<ChatTurn> messages, int maxTokens, CancellationToken cancellation = default) =>
        CompleteAsync(agent, model, Body(model, messages, schema: null, maxTokens), messages, reply => string.IsNullOrEmpty(reply) ? null : reply, "an empty reply", cancellation);

    private async Task<T> CompleteAsync<T>(string agent, string model, string body, IReadOnlyList<ChatTurn> messages, Func<string, T?> accept, string rejected, CancellationToken cancellation)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(messages);
        var attempts = new List<string>();
        var watch = Stopwatch.StartNew();
        string? lastReply = null;

        // One attempt: a retryable failure comes back as an outcome to retry (its Retry-After with it); a
        // failure not worth retrying throws AgentUnavailableException, which the pipeline lets through.
        async ValueTask<Attempt<T>> Once(CancellationToken token)
        {
            var number = attempts.Count + 1;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.BaseUrl}/chat/completions")
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            }

            using var response = await http.SendAsync(request, token).ConfigureAwait(false);
            var text = redactor.Redact(await response.Content.ReadAsStringAsync(token).ConfigureAwait(false));
            if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
            {
                var retryAfter = RetryAfter(response);
                attempts.Add($"attempt {number}: HTTP {(int)response.StatusCode}");
                if (retryAfter > options.MaxRetryAfter)
                {
                    attempts.Add($"Retry-After {retryAfter.Value.TotalSeconds:0} s exceeds the cap of {options.MaxRetryAfter.TotalSeconds:0} s");
                    throw new AgentUnavailableException($"{options.BaseUrl}: HTTP {(int)response.StatusCode} asks to retry after {retryAfter.Value.TotalSeconds:0} s, more than the cap of {options.MaxRetryAfter.TotalSeconds:0} s (LLM_MAX_RETRY_AFTER_SECONDS)");
                }

                return new Attempt<T>(null, retryAfter);
            }

            if (!response.IsSuccessStatusCode)
            {
                attempts.Add($"attempt {number}: HTTP {(int)response.StatusCode} (not retried)");
                throw new AgentUnavailableException($"{options.BaseUrl}: HTTP {(int)response.StatusCode} {Truncate(text)}");
            }

            lastReply = redactor.RedactOrNull(ContentOf(text));
            if (lastReply is not null && accept(lastReply) is { } accepted)
            {
                attempts.Add($"attempt {number}: ok");
                return new Attempt<T>(accepted, null);
            }

            attempts.Add($"attempt {number}: {rejected}");
            return new Attempt<T>(null, null);
        }

        var builder = new ResiliencePipelineBuilder<Attempt<T>>();
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt<T>>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                UseJitter = false,
                ShouldHandle = arguments => ValueTask.FromResult(arguments.Outcome switch
                {
                    { Exception: TimeoutRejectedException or HttpRequestException } => Noted(attempts, TransportFailure(arguments.Outcome.Exception, attempts.Count + 1)),
                    { Result.Value: null } => true,
                    _ => false,
                }),

                // A server's Retry-After (within the cap) wins over the back-off.
                DelayGenerator = arguments => ValueTask.FromResult(arguments.Outcome.Result?.RetryAfter),
            });
        }

        var pipeline = builder.AddTimeout(options.Timeout).Build();
        try
        {
            var outcome = await pipeline.ExecuteAsync(Once, cancellation).ConfigureAwait(false);
            return outcome.Value ?? throw Exhausted(attempts);
        }
        catch (Exception e) when (e is TimeoutRejectedException or HttpRequestException)
        {
            // The last attempt failed in transport; with retries, ShouldHandle has already noted it.
            if (options.MaxAttempts == 1)
            {
                attempts.Add(TransportFailure(e, 1));
            }

            throw Exhausted(attempts);
        }
        finally
        {
            thinking?.Write(agent, model, messages, lastReply, attempts, watch.Elapsed.TotalSeconds);
        }
    }

    private AgentUnavailableException Exhausted(List<string> attempts) =>
        new($"{options.BaseUrl}: no usable answer after {options.MaxAttempts} attempts ({string.Join("; ", attempts)})");

    private string TransportFailure(Exception e, int attempt) => e is TimeoutRejectedException
        ? $"attempt {attempt}: timed out after {options.Timeout.TotalSeconds:0.#} s"
        : $"attempt {attempt}: {redactor.Redact(e.Message)}";

    // Records a transport failure in the attempt list and says it is worth retrying.
    private static bool Noted(List<string> attempts, string line)
    {
        attempts.Add(line);
        return true;
    }

    /// <summary>What one attempt came to: the accepted value, or null to try again (after the server's Retry-After, if it sent one).</summary>
    private sealed record Attempt<T>(T? Value, TimeSpan? RetryAfter)
        where T : class;

    /// <inheritdoc />
    public void Dispose() => http.Dispose();

    private static string Body(string model, IReadOnlyList<ChatTurn> messages, JsonObject? schema, int? maxTokens)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
        };
        if (maxTokens is { } limit)
        {
            body["max_tokens"] = limit;
            body["temperature"] = 0;
        }

        if (schema is not null)
        {
            body["response_format"] = new JsonObject
            {
                ["type"] = "json_schema",
                ["json_schema"] = new JsonObject { ["name"] = "answer", ["schema"] = schema.DeepClone() },
            };
        }

        return body.ToJsonString();
    }

    private static string? ContentOf(string response)
    {
        try
        {
            using var document = JsonDocument.Parse(response);
            return document.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    // A Retry-After is either seconds or an HTTP date; either becomes a delay from now.
    private static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
