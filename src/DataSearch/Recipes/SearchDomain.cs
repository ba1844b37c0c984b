namespace DataSearch.Recipes;

/// <summary>What the recipe search may vary for a parameter, declared by the operator that owns it.</summary>
public enum SearchDomain
{
    /// <summary>Searched by its type: a number over the catalog's search range, a bool, a choice among its words.</summary>
    Value,

    /// <summary>Never searched (a seed, an override such as an explicit threshold, a bookkeeping switch).</summary>
    Fixed,

    /// <summary>A score signal's name, chosen among the pool's score signals.</summary>
    ScoreSignal,

    /// <summary>Weights over the pool's sources.</summary>
    SourceWeights,

    /// <summary>Weights over the pool's tags.</summary>
    TagWeights,

    /// <summary>A set of the pool's sources to leave out.</summary>
    SourcesLeftOut,
}
