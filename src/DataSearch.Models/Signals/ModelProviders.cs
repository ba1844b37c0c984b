using DataSearch.Signals;

namespace DataSearch.Models.Signals;

/// <summary>The signal providers a scoring model computes: loss, IFD and varentropy always, SAE/MONA with targets.</summary>
public static class ModelProviders
{
    /// <summary>
    /// The providers of <paramref name="model"/>, whose cache key is <paramref name="key"/> (its
    /// checkpoint's name, so signals follow the model); <paramref name="quickSae"/> trains the sparse
    /// autoencoder for fewer steps (the tiny profile, for tests).
    /// </summary>
    public static IReadOnlyList<ISignalProvider> For(LanguageModel model, string key, bool withTargets, bool quickSae = false) =>
        withTargets
            ? [new ModelSignals(model, key), new SaeSignals(model, key, quickSae ? new SaeOptions(Steps: 100) : new SaeOptions())]
            : [new ModelSignals(model, key)];
}
