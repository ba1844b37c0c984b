using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.IO;

namespace DataSearch.Reports;

/// <summary>The stages of a demo, in order: what <c>demo.json</c> keys them by.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DemoStageId>))]
public enum DemoStageId
{
    [JsonStringEnumMemberName("world")]
    World,

    [JsonStringEnumMemberName("pool")]
    Pool,

    [JsonStringEnumMemberName("signals")]
    Signals,

    [JsonStringEnumMemberName("search")]
    Search,

    [JsonStringEnumMemberName("acquire")]
    Acquire,

    [JsonStringEnumMemberName("report")]
    Report,
}

/// <summary>One stage of a demo run: what it did and how long it took.</summary>
/// <param name="Name">The stage's title, for people (it may name the profile's budget).</param>
/// <param name="Seconds">How long it took the first time.</param>
/// <param name="Outcome">What it found, in one line.</param>
public sealed record DemoStage(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("outcome")] string Outcome)
{
    /// <summary>Which stage it is; null in a <c>demo.json</c> written before stages had ids (matched by title then).</summary>
    [JsonPropertyName("id")]
    public DemoStageId? Id { get; init; }

    /// <summary>Whether this record is of the same stage as <paramref name="other"/>: by id, or by title when either lacks one.</summary>
    public bool SameStage(DemoStage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Id is { } id && other.Id is { } otherId ? id == otherId : Name == other.Name;
    }
}

/// <summary>
/// <c>demo.json</c> in a demo's run folder: its profile and seed (so <c>--resume</c> continues with the
/// same settings) and the stages finished so far, rewritten atomically after each.
/// </summary>
public sealed record DemoSummary(
    [property: JsonPropertyName("profile")] string Profile,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("stages")] IReadOnlyList<DemoStage> Stages)
{
    /// <summary>The file's name in the run folder.</summary>
    public const string FileName = "demo.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The demo summary of <paramref name="folder"/>, or null when it holds none.</summary>
    public static DemoSummary? TryRead(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<DemoSummary>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new Errors.CorruptDataException(path, $"not a demo summary ({e.Message})");
        }
    }

    /// <summary>Writes the summary into <paramref name="folder"/> atomically.</summary>
    public void Write(string folder) => AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>
    /// This summary with <paramref name="stage"/> recorded. A stage finished by an earlier run keeps the
    /// time it took then (a rerun only reused its work), with the rerun's outcome.
    /// </summary>
    public DemoSummary With(DemoStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var earlier = Stages.FirstOrDefault(s => s.SameStage(stage));
        var recorded = earlier is null ? stage : stage with { Seconds = earlier.Seconds };
        return this with { Stages = [.. Stages.Select(s => s.SameStage(stage) ? recorded : s), .. earlier is null ? new[] { stage } : []] };
    }

    /// <summary>The report's opening section.</summary>
    public ReportSection Section()
    {
        var names = Stages.Select(s => s.Name).ToList();
        var total = Stages.Sum(s => s.Seconds);
        return new ReportSection("demo", "The demo run",
            $"Profile {Profile} (model {Model}), seed {Seed}: {Stages.Count} stages, {Format.Number(total / 60, "0.0")} minutes of work. Each stage shows the time it took when it was done; a rerun reuses finished work, and a stage resumed after Ctrl-C counts the part after the resume.",
            [
                new TableBlock("demo-stages", "Stages", ["stage", "seconds", "outcome"],
                    [.. Stages.Select(s => (IReadOnlyList<string>)[s.Name, Format.Number(s.Seconds, "0.0"), s.Outcome])]),
                new FigureBlock("demo-time", "Where the time went", "Wall time of each stage.",
                    new Chart("stage", "seconds", [new ChartSeries("seconds", SeriesStyle.Bars, [.. names.Select((_, i) => (double)i)], [.. Stages.Select(s => s.Seconds)])], names)),
            ]);
    }
}
