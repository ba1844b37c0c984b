namespace DataSearch.Pool;

/// <summary>
/// One training example in canonical form. This is the exchange representation (a copy made on request);
/// the pool itself keeps samples column-wise and never holds these on its hot paths.
/// </summary>
/// <param name="SampleId">Stable identifier: given by the input, or derived from the content (see <see cref="SampleIdentity"/>).</param>
/// <param name="Messages">The conversation, in order.</param>
/// <param name="SourceName">Which source the sample came from (a file name by default).</param>
/// <param name="Target">A reference answer where the input format has one (e.g. GSM8K's final number); otherwise null.</param>
/// <param name="Tags">Free-form labels.</param>
/// <param name="MetadataJson">A JSON object with anything else the input carried, or null.</param>
public sealed record Sample(
    string SampleId,
    IReadOnlyList<ChatMessage> Messages,
    string SourceName,
    string? Target,
    IReadOnlyList<string> Tags,
    string? MetadataJson);
