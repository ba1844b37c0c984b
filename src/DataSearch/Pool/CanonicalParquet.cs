using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace DataSearch.Pool;

/// <summary>
/// Writes samples as a Parquet file with the canonical columns: <c>sample_id</c>, <c>messages</c>
/// (a list of {role, content}), <c>source_name</c>, <c>target</c>, <c>tags</c> (a list of strings) and
/// <c>metadata</c> (a JSON object in a string column). The importer reads such files back unchanged.
/// </summary>
public static class CanonicalParquet
{
    /// <summary>Writes the samples at <paramref name="indices"/> of <paramref name="pool"/> to <paramref name="destination"/>.</summary>
    public static void Write(SamplePool pool, IEnumerable<int> indices, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var rows = indices.Select(index => new Row
        {
            SampleId = pool.GetSampleId(index),
            Messages = [.. Enumerable.Range(0, pool.GetMessageCount(index)).Select(m => new Message
            {
                Role = ChatRoleNames.Of(pool.GetRole(index, m)),
                Content = pool.GetContent(index, m),
            })],
            SourceName = pool.GetSourceName(index),
            Target = pool.GetTarget(index),
            Tags = [.. pool.GetTags(index)],
            Metadata = pool.GetMetadataJson(index),
        }).ToList();
        ParquetSerializer.SerializeAsync(rows, destination).GetAwaiter().GetResult();
    }

    /// <summary>One row; public only because the serializer reads its properties.</summary>
    public sealed class Row
    {
        [JsonPropertyName("sample_id")]
        public string SampleId { get; set; } = string.Empty;

        [JsonPropertyName("messages")]
        public List<Message> Messages { get; set; } = [];

        [JsonPropertyName("source_name")]
        public string SourceName { get; set; } = string.Empty;

        [JsonPropertyName("target")]
        public string? Target { get; set; }

        [JsonPropertyName("tags")]
        public List<string> Tags { get; set; } = [];

        [JsonPropertyName("metadata")]
        public string? Metadata { get; set; }
    }

    /// <summary>One message of a row.</summary>
    public sealed class Message
    {
        [JsonPropertyName("role")]
        public string Role { get; set; } = string.Empty;

        [JsonPropertyName("content")]
        public string Content { get; set; } = string.Empty;
    }
}
