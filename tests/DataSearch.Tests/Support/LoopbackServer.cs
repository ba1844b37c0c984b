using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DataSearch.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener) that answers each request with the next scripted
/// reply and records what it received: for testing clients against timeouts, rate limits and garbage.
/// </summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<Reply> replies = new();
    private readonly CancellationTokenSource stop = new();

    public sealed record Reply(int Status, string Body, TimeSpan Delay = default, string? RetryAfterSeconds = null);

    public sealed record Received(string Path, string? Authorization, string Body);

    public LoopbackServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(Serve);
    }

    public string BaseUrl { get; }

    /// <summary>Answers a request when no scripted reply is left (null: HTTP 500).</summary>
    public Func<Received, Reply>? Responder { get; set; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>A chat-completions body whose message content is <paramref name="content"/>.</summary>
    public static string Completion(string content) =>
        System.Text.Json.JsonSerializer.Serialize(new { choices = new[] { new { message = new { role = "assistant", content } } } });

    public LoopbackServer Then(Reply reply)
    {
        replies.Enqueue(reply);
        return this;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
    }

    private async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var received = new Received(context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], await reader.ReadToEndAsync().ConfigureAwait(false));
                Requests.Enqueue(received);
                var reply = replies.TryDequeue(out var next) ? next : Responder?.Invoke(received) ?? new Reply(500, "no scripted reply left");
                try
                {
                    if (reply.Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(reply.Delay, stop.Token).ConfigureAwait(false);
                    }

                    context.Response.StatusCode = reply.Status;
                    if (reply.RetryAfterSeconds is not null)
                    {
                        context.Response.Headers["Retry-After"] = reply.RetryAfterSeconds;
                    }

                    var bytes = Encoding.UTF8.GetBytes(reply.Body);
                    await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException or IOException)
                {
                    // The client gave up (a timeout test) or the server is shutting down.
                }
            });
        }
    }
}
