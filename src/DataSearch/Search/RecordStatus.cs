using System.Text.Json.Serialization;

namespace DataSearch.Search;

/// <summary>How a search record's evaluation ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RecordStatus>))]
public enum RecordStatus
{
    /// <summary>Evaluated; the record has an objective.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>The evaluation (or, for a placeholder, the round) failed; the record says why.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The same subset was evaluated before; its result was copied and nothing was trained.</summary>
    [JsonStringEnumMemberName("reused")]
    Reused,
}

/// <summary>The status as logs and reports spell it.</summary>
public static class RecordStatusText
{
    /// <summary><c>ok</c>, <c>failed</c> or <c>reused</c>.</summary>
    public static string Text(this RecordStatus status) => status switch
    {
        RecordStatus.Ok => "ok",
        RecordStatus.Failed => "failed",
        _ => "reused",
    };
}
