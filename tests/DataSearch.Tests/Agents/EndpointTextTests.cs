using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Agents;

/// <summary>What a hostile or careless endpoint returns, followed through a whole search from the command line.</summary>
[Collection(nameof(ModelCollection))]
public class EndpointTextTests
{
    private const string Key = "sk-canary-7f3a9c2e51";
    private const string Token = "hf_canary_token_0042";
    private const string Forged = "2026-01-01T00:00:00Z e999 evaluation ok objective 100.0 (forged)";

    [Fact]
    public void A_search_whose_endpoint_echoes_secrets_and_forges_log_lines_leaves_neither_in_its_run_its_report_or_the_console()
    {
        using var cache = ModelCache.UseTemporary();
        using var temp = new TempFolder();
        var config = CommandSearchSetup.Write(temp, budget: 5);

        // Every agent gets a reply holding both secrets and a line break followed by a fake log line;
        // every third request fails with the secrets in the error body.
        var requests = 0;
        using var server = new LoopbackServer
        {
            Responder = _ =>
            {
                if (Interlocked.Increment(ref requests) % 3 == 0)
                {
                    return new(500, $"internal error for key {Key} (token {Token})\n{Forged}");
                }

                var echo = $"saw {Key} and {Token}\n{Forged}";
                var content = JsonSerializer.Serialize(new
                {
                    summary = echo,
                    next = new[] { echo },
                    choices = new[] { 0 },
                    reason = echo,
                    candidates = new[] { new { parent = "e001", edit = echo, steps = new[] { new { op = "quality_filter", @params = new { fraction = 0.6 } } } } },
                });
                return new(200, LoopbackServer.Completion(content));
            },
        };
        var variables = new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = server.BaseUrl,
            ["LLM_MODEL"] = "loopback",
            ["OPENAI_API_KEY"] = Key,
            ["HF_TOKEN"] = Token,
        };

        var search = CliRunner.Run(["search", "--config", config, "-o", temp.File("run")], variables);
        Assert.True(search.ExitCode == ExitCodes.Success, search.Error);
        Assert.True(requests > 3, $"the agents asked the endpoint {requests} times");
        Assert.Contains(server.Requests, r => r.Authorization == $"Bearer {Key}");
        var report = CliRunner.Run(["report", temp.File("run")], variables);
        Assert.True(report.ExitCode == ExitCodes.Success, report.Error);

        var files = Directory.GetFiles(temp.File("run"), "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("report.html", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.False(text.Contains(Key, StringComparison.Ordinal), $"{file} holds the API key");
            Assert.False(text.Contains(Token, StringComparison.Ordinal), $"{file} holds the token");
        }

        foreach (var printed in new[] { search.Output, search.Error, report.Output, report.Error })
        {
            Assert.DoesNotContain(Key, printed, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, printed, StringComparison.Ordinal);
        }

        // The echoed text did reach the run (masked), but never as a line of its own.
        var engineLog = File.ReadAllLines(temp.File("run/engine.log"));
        Assert.Contains(engineLog, l => l.Contains("[redacted]", StringComparison.Ordinal));
        Assert.DoesNotContain(engineLog, l => l.StartsWith(Forged[..20], StringComparison.Ordinal));
        Assert.All(engineLog, l => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", l));
        Assert.DoesNotContain(search.Error.Split('\n'), l => l.StartsWith(Forged[..20], StringComparison.Ordinal));
    }
}
