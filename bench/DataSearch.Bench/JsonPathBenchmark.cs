using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.Pool.Import;

namespace DataSearch.Bench;

/// <summary>
/// Compares three ways System.Text.Json can read prompt/completion records: the JsonDocument DOM the
/// importer uses (it must see unknown fields to keep them as metadata), reflection-based
/// <c>JsonSerializer.Deserialize</c>, and the source-generated serializer; each path's first pass in the
/// process (cold) and the median of the passes after it (warm).
/// </summary>
internal static class JsonPathBenchmark
{
    private const int Repetitions = 5;

    public static int Run(string[] args)
    {
        var path = BenchRunner.InputFile(args);
        if (path is null || !File.Exists(path))
        {
            Console.Error.WriteLine("json: no input (give a FILE, or put the public data in ../shared/data)");
            return 1;
        }

        var lines = new List<byte[]>();
        using (var stream = File.OpenRead(path))
        {
            foreach (var record in JsonlRecordReader.Read(stream))
            {
                lines.Add(record.Bytes.ToArray());
            }
        }

        var megabytes = lines.Sum(l => (long)l.Length) / 1e6;
        var reflectionOptions = new JsonSerializerOptions();
        var dom = BenchRunner.ColdAndWarmSeconds(Repetitions, () => Checksum(lines, line =>
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.GetProperty("prompt").GetString()!.Length + root.GetProperty("completion").GetString()!.Length + root.GetPropertyCount();
        }));
        var reflection = BenchRunner.ColdAndWarmSeconds(Repetitions, () => Checksum(lines, line =>
        {
            var record = JsonSerializer.Deserialize<PromptCompletionRecord>(line, reflectionOptions)!;
            return record.Prompt.Length + record.Completion.Length + (record.Extra?.Count ?? 0);
        }));
        var generated = BenchRunner.ColdAndWarmSeconds(Repetitions, () => Checksum(lines, line =>
        {
            var record = JsonSerializer.Deserialize(line, BenchJsonContext.Default.PromptCompletionRecord)!;
            return record.Prompt.Length + record.Completion.Length + (record.Extra?.Count ?? 0);
        }));

        Console.WriteLine($"### System.Text.Json paths on `{Path.GetFileName(path)}` ({lines.Count:N0} records, {BenchRunner.F(megabytes, "0.0")} MB); cold = first pass in the process, warm = median of {Repetitions} more");
        Console.WriteLine();
        Console.WriteLine("| path | cold s | warm s | warm MB/s | warm, vs. JsonDocument |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, seconds) in new[] { ("JsonDocument (used by the importer)", dom), ("JsonSerializer, reflection", reflection), ("JsonSerializer, source-generated", generated) })
        {
            Console.WriteLine($"| {name} | {BenchRunner.F(seconds.Cold, "0.000")} | {BenchRunner.F(seconds.Warm, "0.000")} | {BenchRunner.F(megabytes / seconds.Warm, "0")} | {BenchRunner.F(dom.Warm / seconds.Warm, "0.00")}× |");
        }

        Console.WriteLine();
        return 0;
    }

    private static long Checksum(List<byte[]> lines, Func<byte[], int> read)
    {
        long total = 0;
        foreach (var line in lines)
        {
            total += read(line);
        }

        return total;
    }
}

/// <summary>A prompt/completion record; unknown fields are collected, as the importer must keep them.</summary>
internal sealed class PromptCompletionRecord
{
    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = string.Empty;

    [JsonPropertyName("completion")]
    public string Completion { get; set; } = string.Empty;

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

[JsonSerializable(typeof(PromptCompletionRecord))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
