using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSearch.Agents;
using DataSearch.Retrieval;

namespace DataSearch.Teachers;

/// <summary>
/// A teacher that is your own program: each call runs <c>/bin/sh -c COMMAND</c> in the config's folder,
/// writes one JSON request to its standard input and reads one JSON reply from its standard output.
/// <c>{"kind": "demonstrate", "instruction": …, "count": n, "seed": s}</c> →
/// <c>{"pairs": [{"question": …, "answer": …}]}</c>; <c>{"kind": "answer", "question": …, "seed": s}</c> →
/// <c>{"answer": …}</c> (null or missing when it has none); <c>{"kind": "read", "title": …, "text": …,
/// "instruction": …, "seed": s}</c> (a retrieved passage, and the task whose question form to write in) →
/// <c>{"pairs": [...]}</c> (empty when the passage states nothing to ask about). A non-zero exit, a reply that is not that
/// JSON, or running past the time limit fails the call (reported, not cached, so a later run asks again).
/// </summary>
public sealed class CommandTeacher(string command, string workingDirectory, TimeSpan timeout) : ITeacher
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Changes with the command: its text is part of every cached call's key.</summary>
    public string Version => $"command-teacher:1:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(command)))[..16]}";

    public IReadOnlyList<TeacherPair> Demonstrate(string skillOrInstruction, int count, ulong seed, CancellationToken cancellation) =>
        Pairs(Call(new JsonObject { ["kind"] = "demonstrate", ["instruction"] = skillOrInstruction, ["count"] = count, ["seed"] = seed }, cancellation), count);

    public IReadOnlyList<TeacherPair> Read(CorpusPassage passage, string instruction, ulong seed, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(passage);
        return Pairs(Call(new JsonObject { ["kind"] = "read", ["title"] = passage.Title, ["text"] = passage.Text, ["instruction"] = instruction, ["seed"] = seed }, cancellation), int.MaxValue);
    }

    // The usable pairs of a {"pairs": [...]} reply, at most `count`; a reply without the list fails the call.
    private static IReadOnlyList<TeacherPair> Pairs(JsonObject reply, int count) =>
        TeacherPair.FromReply(JsonSerializer.SerializeToElement(reply), count)
        ?? throw new AgentUnavailableException($"teacher command: the reply has no \"pairs\" list: {Short(reply.ToJsonString())}");

    public string? Answer(string question, ulong seed, CancellationToken cancellation)
    {
        var reply = Call(new JsonObject { ["kind"] = "answer", ["question"] = question, ["seed"] = seed }, cancellation);
        return reply["answer"]?.GetValueKind() == JsonValueKind.String && reply["answer"]!.GetValue<string>() is { Length: > 0 } answer ? answer : null;
    }

    private JsonObject Call(JsonObject request, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new AgentUnavailableException($"teacher command: could not start '{command}'");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = process.StandardError.ReadToEndAsync(cancellation);
        try
        {
            process.StandardInput.WriteLine(request.ToJsonString(Json));
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command ended without reading its request (a crash, a script that ignores it): its exit
            // code and output, read below, say what happened.
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellation.ThrowIfCancellationRequested();
            throw new AgentUnavailableException($"teacher command: no reply within {timeout.TotalSeconds:0} s");
        }

        var output = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new AgentUnavailableException($"teacher command: exit code {process.ExitCode}: {Short(stderr.GetAwaiter().GetResult())}");
        }

        try
        {
            return JsonNode.Parse(output) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw new AgentUnavailableException($"teacher command: the reply is not one JSON object ({e.Message}): {Short(output)}");
        }
    }

    private static string Short(string text) => text.Length <= 200 ? text.Trim() : text[..200].Trim() + "…";
}
