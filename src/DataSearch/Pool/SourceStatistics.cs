namespace DataSearch.Pool;

/// <summary>What one source contributes to a pool.</summary>
/// <param name="Name">The source name.</param>
/// <param name="Samples">Samples from this source.</param>
/// <param name="ExactDuplicates">Samples whose conversation already occurred earlier in the pool.</param>
/// <param name="EmptyResponses">Samples whose last assistant message is blank.</param>
/// <param name="MedianPromptChars">Median characters of the non-assistant messages.</param>
/// <param name="MedianResponseChars">Median characters of the assistant messages.</param>
public sealed record SourceStatistics(string Name, int Samples, int ExactDuplicates, int EmptyResponses, int MedianPromptChars, int MedianResponseChars);
