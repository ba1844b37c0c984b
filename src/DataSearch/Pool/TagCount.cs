namespace DataSearch.Pool;

/// <summary>How many samples carry <paramref name="Tag"/>.</summary>
public sealed record TagCount(string Tag, int Samples);
