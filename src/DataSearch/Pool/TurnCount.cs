namespace DataSearch.Pool;

/// <summary>How many samples have <paramref name="Turns"/> assistant turns.</summary>
public sealed record TurnCount(int Turns, int Samples);
