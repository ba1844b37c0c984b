namespace DataSearch.Recipes.Operators;

/// <summary>The operators every registry starts with.</summary>
public static class BuiltInOperators
{
    /// <summary>One instance of each built-in operator.</summary>
    public static IReadOnlyList<RecipeOperator> All() =>
    [
        new SignalFilter(), new LengthFilter(), new SourceFilter(), new QualityFilter(), new AnswerAgreementFilter(), new IfdFilter(), new VarentropyFilter(),
        new NgramEntropyFilter(), new ActionObjectBranchingFilter(), new RelevanceFilter(), new EmbeddingRelevanceFilter(), new MonaFilter(), new SparseMonaFilter(),
        new Decontaminate(), new SourceMix(), new TagMix(), new TruncateSamples(), new VarentropyMix(), new SemanticDedup(), new SemDedup(),
        new UnionOperator(), new IntersectionOperator(), new DifferenceOperator(), new TopK(), new RandomSample(), new StratifiedSample(),
    ];
}
