namespace DataSearch.Signals.Providers;

/// <summary>The signal providers that need no model: what every pool gets, in the order they run.</summary>
public static class TextProviders
{
    /// <summary>Text statistics, exact and near duplicates, answer agreement, and relevance to the targets when there are any.</summary>
    public static IReadOnlyList<ISignalProvider> For(bool withTargets) =>
        withTargets
            ? [new TextSignals(), new ExactDuplicates(), new NearDuplicates(), new AnswerAgreement(), new Relevance()]
            : [new TextSignals(), new ExactDuplicates(), new NearDuplicates(), new AnswerAgreement()];
}
