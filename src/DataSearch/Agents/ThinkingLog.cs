using System.Text.Json;
using DataSearch.IO;

namespace DataSearch.Agents;

/// <summary>
/// Every prompt and reply of the agents, one JSON file per call in <c>thinking_logs/</c>, written
/// atomically. Any occurrence of the API key in what is written is replaced by <c>[redacted]</c>
/// (the key is never put into prompts; this guards against a server echoing it).
/// </summary>
public sealed class ThinkingLog(string folder, string? secret)
{
    private int next = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Length : 0;

    /// <summary>The folder.</summary>
    public string Folder => folder;

    /// <summary>Writes one call.</summary>
    public void Write(string agent, string model, IReadOnlyList<ChatTurn> messages, string? reply, IReadOnlyList<string> attempts, double seconds)
    {
        var number = Interlocked.Increment(ref next);
        var text = JsonSerializer.Serialize(new { agent, model, messages, reply, attempts, seconds = Math.Round(seconds, 3) }, new JsonSerializerOptions { WriteIndented = true });
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        AtomicFile.WriteAllText(Path.Combine(folder, $"{number:D4}-{agent}.json"), text + "\n");
    }
}
