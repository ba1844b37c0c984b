using System.Text.Json.Nodes;
using DataSearch.Agents;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Agents;

public class ChatClientTests
{
    private const string Secret = "sk-test-0123456789abcdef";

    private static ChatClientOptions Options(LoopbackServer server, double timeoutSeconds = 5, int attempts = 3) =>
        new(server.BaseUrl, Secret, "small-model", "big-model", TimeSpan.FromSeconds(timeoutSeconds), attempts, TimeSpan.FromMilliseconds(20));

    private static readonly ChatTurn[] Question = [new("system", "Answer in JSON."), new("user", "Propose a recipe.")];

    [Fact]
    public async Task A_valid_answer_is_parsed_and_the_request_is_well_formed()
    {
        using var server = new LoopbackServer().Then(new(200, LoopbackServer.Completion("{\"steps\": []}")));
        using var temp = new TempFolder();
        using var client = new ChatClient(Options(server), new ThinkingLog(temp.Path, Secret));
        var schema = new JsonObject { ["type"] = "object" };
        using var answer = await client.CompleteJsonAsync("action", Question, schema);
        Assert.Equal(0, answer.RootElement.GetProperty("steps").GetArrayLength());
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {Secret}", request.Authorization);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("small-model", body["model"]!.GetValue<string>());
        Assert.Equal("json_schema", body["response_format"]!["type"]!.GetValue<string>());
        Assert.Equal("Propose a recipe.", body["messages"]![1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Near_json_is_repaired_and_garbage_is_retried()
    {
        using var server = new LoopbackServer()
            .Then(new(200, LoopbackServer.Completion("I cannot help with {that} today.")))
            .Then(new(200, "this is not a chat completion"))
            .Then(new(200, LoopbackServer.Completion("Sure!\n```json\n{\"steps\": [{\"op\": \"top_k\",},],}\n```")));
        using var client = new ChatClient(Options(server));
        using var answer = await client.CompleteJsonAsync("action", Question);
        Assert.Equal("top_k", answer.RootElement.GetProperty("steps")[0].GetProperty("op").GetString());
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Rate_limits_and_server_errors_are_retried_honouring_retry_after()
    {
        using var server = new LoopbackServer()
            .Then(new(429, "slow down", RetryAfterSeconds: "1"))
            .Then(new(503, "busy"))
            .Then(new(200, LoopbackServer.Completion("{\"ok\": true}")));
        using var client = new ChatClient(Options(server));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var answer = await client.CompleteJsonAsync("feedback", Question);
        Assert.True(answer.RootElement.GetProperty("ok").GetBoolean());
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), "Retry-After was not honoured");
    }

    [Fact]
    public async Task Timeouts_and_exhausted_retries_raise_agent_unavailable_and_are_logged_without_the_key()
    {
        using var server = new LoopbackServer()
            .Then(new(200, LoopbackServer.Completion("{\"late\": true}"), Delay: TimeSpan.FromSeconds(3)))
            .Then(new(500, $"internal error, your key was {Secret}"))
            .Then(new(500, "still broken"));
        using var temp = new TempFolder();
        using var client = new ChatClient(Options(server, timeoutSeconds: 0.5), new ThinkingLog(temp.Path, Secret));
        var error = await Assert.ThrowsAsync<AgentUnavailableException>(() => client.CompleteJsonAsync("selection", Question));
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        var logged = Assert.Single(Directory.GetFiles(temp.Path));
        Assert.Contains("selection", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, File.ReadAllText(logged), StringComparison.Ordinal);
        Assert.Contains("Propose a recipe.", File.ReadAllText(logged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_secret_an_endpoint_echoes_is_masked_in_replies_errors_and_the_log()
    {
        const string Token = "hf_token_value_42";
        using var server = new LoopbackServer()
            .Then(new(500, $"upstream rejected key {Secret} and token {Token}"))
            .Then(new(200, LoopbackServer.Completion($"{{\"edit\": \"use {Secret} with {Token}\"}}")));
        using var temp = new TempFolder();
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = Secret, ["HF_TOKEN"] = Token, ["PLAIN"] = "not a secret value" };
        var options = Options(server) with { Secrets = SecretRedactor.FromEnvironment(environment.GetValueOrDefault, environment.Keys) };
        using var client = new ChatClient(options, new ThinkingLog(temp.Path, options.Redactor));
        using var answer = await client.CompleteJsonAsync("action", Question);
        Assert.Equal("use [redacted] with [redacted]", answer.RootElement.GetProperty("edit").GetString());

        using var failing = new LoopbackServer().Then(new(400, $"bad request for {Token}"));
        using var failingClient = new ChatClient(Options(failing) with { Secrets = options.Secrets });
        var error = await Assert.ThrowsAsync<AgentUnavailableException>(() => failingClient.CompleteJsonAsync("action", Question));
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.Contains("[redacted]", error.Message, StringComparison.Ordinal);

        var logged = File.ReadAllText(Assert.Single(Directory.GetFiles(temp.Path)));
        Assert.DoesNotContain(Secret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logged, StringComparison.Ordinal);
        Assert.Contains("[redacted]", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secrets_of_an_environment_are_keys_tokens_and_passwords_of_some_length()
    {
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "sk-abcdef",
            ["HF_TOKEN"] = "hf_123456",
            ["DB_PASSWORD"] = "hunter22",
            ["SHORT_KEY"] = "abc",
            ["LLM_MODEL"] = "model-name",
        };
        var redactor = SecretRedactor.FromEnvironment(environment.GetValueOrDefault, environment.Keys);
        Assert.Equal(3, redactor.Count);
        Assert.Equal("[redacted] [redacted] [redacted] abc model-name", redactor.Redact("sk-abcdef hf_123456 hunter22 abc model-name"));
    }

    [Fact]
    public async Task A_retry_after_beyond_the_cap_ends_the_call_at_once_so_the_caller_falls_back()
    {
        using var server = new LoopbackServer()
            .Then(new(429, "slow down", RetryAfterSeconds: "3600"))
            .Then(new(200, LoopbackServer.Completion("{\"ok\": true}")));
        using var client = new ChatClient(Options(server) with { MaxRetryAfter = TimeSpan.FromSeconds(2) });
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<AgentUnavailableException>(() => client.CompleteJsonAsync("action", Question, cancellation: patience.Token));
        Assert.Contains("3600", error.Message, StringComparison.Ordinal);
        Assert.Contains("LLM_MAX_RETRY_AFTER_SECONDS", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);

        // Within the cap a Retry-After is still honoured.
        using var patient = new LoopbackServer()
            .Then(new(429, "slow down", RetryAfterSeconds: "1"))
            .Then(new(200, LoopbackServer.Completion("{\"ok\": true}")));
        using var patientClient = new ChatClient(Options(patient) with { MaxRetryAfter = TimeSpan.FromSeconds(2) });
        using var answer = await patientClient.CompleteJsonAsync("action", Question);
        Assert.True(answer.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void The_retry_after_cap_comes_from_the_environment()
    {
        var environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = "http://x/v1", ["LLM_MODEL"] = "m", ["LLM_MAX_RETRY_AFTER_SECONDS"] = "5" };
        Assert.Equal(TimeSpan.FromSeconds(5), ChatClientOptions.FromEnvironment(environment.GetValueOrDefault)!.MaxRetryAfter);
        environment.Remove("LLM_MAX_RETRY_AFTER_SECONDS");
        Assert.Equal(TimeSpan.FromSeconds(60), ChatClientOptions.FromEnvironment(environment.GetValueOrDefault)!.MaxRetryAfter);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        using var server = new LoopbackServer().Then(new(401, "bad key")).Then(new(200, LoopbackServer.Completion("{}")));
        using var client = new ChatClient(Options(server));
        var error = await Assert.ThrowsAsync<AgentUnavailableException>(() => client.CompleteJsonAsync("action", Question));
        Assert.Contains("HTTP 401", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Options_come_from_the_environment_and_never_print_the_key()
    {
        var environment = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = "http://x/v1/", ["OPENAI_API_KEY"] = Secret, ["LLM_MODEL"] = "m" };
        var options = ChatClientOptions.FromEnvironment(k => environment.GetValueOrDefault(k))!;
        Assert.Equal("http://x/v1", options.BaseUrl);
        Assert.Equal("m", options.ThinkingModel);
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
        Assert.Null(ChatClientOptions.FromEnvironment(_ => null));
    }

    [Theory]
    [InlineData("{\"a\": 1}", "{\"a\": 1}")]
    [InlineData("text before {\"a\": [1, 2,], } after", "{\"a\": [1, 2]}")]
    [InlineData("{\"s\": \"a } inside, ]\", \"b\": 2,}", "{\"s\": \"a } inside, ]\", \"b\": 2}")]
    public void Json_repair_recovers_objects(string reply, string expected)
    {
        using var parsed = JsonRepair.TryParseObject(reply);
        Assert.NotNull(parsed);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(parsed!.RootElement.GetRawText())));
    }

    [Theory]
    [InlineData("no braces at all")]
    [InlineData("{\"unterminated\": ")]
    [InlineData("{not: json}")]
    public void Json_repair_rejects_what_it_cannot_recover(string reply) => Assert.Null(JsonRepair.TryParseObject(reply));
}
