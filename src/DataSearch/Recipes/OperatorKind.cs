namespace DataSearch.Recipes;

/// <summary>What an operator does to its input.</summary>
public enum OperatorKind
{
    /// <summary>Keeps samples that pass a test or rank high.</summary>
    Filter,

    /// <summary>Re-balances sources or skills to a target size.</summary>
    Mix,

    /// <summary>Keeps one sample per cluster of duplicates.</summary>
    Dedup,

    /// <summary>Combines sub-recipes, ranks or samples.</summary>
    Recombine,
}
