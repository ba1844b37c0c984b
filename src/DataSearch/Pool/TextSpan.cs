namespace DataSearch.Pool;

/// <summary>A slice of a pool's UTF-8 text buffer; a negative length stands for a missing (null) value.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    /// <summary>The span of a missing value.</summary>
    public static readonly TextSpan Missing = new(0, -1);

    /// <summary>Whether this span stands for a missing value.</summary>
    public bool IsMissing => Length < 0;
}
