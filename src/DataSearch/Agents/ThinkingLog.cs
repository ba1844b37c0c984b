using System.Text.Json;
using DataSearch.IO;

namespace DataSearch.Agents;

/// <summary>
/// Every prompt and reply of the agents, one JSON file per call in <c>thinking_logs/</c>, written
/// atomically. Every secret the redactor knows is masked in what is written (keys are never put into
/// prompts, and replies are masked as they arrive; this is a second guard).
/// </summary>
public sealed class ThinkingLog(string folder, SecretRedactor redactor)
{
    /// <summary>A log that masks one secret (the endpoint's key).</summary>
    public ThinkingLog(string folder, string? secret)
        : this(folder, new SecretRedactor([secret]))
    {
    }

    private int next = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Length : 0;

    /// <summary>The folder.</summary>
    public string Folder => folder;

    /// <summary>Writes one call.</summary>
    public void Write(string agent, string model, IReadOnlyList<ChatTurn> messages, string? reply, IReadOnlyList<string> attempts, double seconds)
    {
        var number = Interlocked.Increment(ref next);
        var text = redactor.Redact(JsonSerializer.Serialize(new { agent, model, messages, reply, attempts, seconds = Math.Round(seconds, 3) }, new JsonSerializerOptions { WriteIndented = true }));

        AtomicFile.WriteAllText(Path.Combine(folder, $"{number:D4}-{agent}.json"), text + "\n");
    }
}
