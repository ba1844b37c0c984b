using DataSearch.Acquisition.Policies;
using DataSearch.Evaluation;

namespace DataSearch.Models.Acquisition;

/// <summary>The embedded policy: a <see cref="LanguageModel"/> answering greedily, as many new bytes as the longest reference answer needs plus two.</summary>
public sealed class EmbeddedPolicy(LanguageModel model) : IPolicy
{
    /// <summary>The model.</summary>
    public LanguageModel Model => model;

    public IReadOnlyList<string> Answer(IReadOnlyList<BenchmarkItem> items, CancellationToken cancellation) => model.Answer(items);

    public IPolicy Clone() => new EmbeddedPolicy(model.Clone());

    public void Save(string path) => model.Save(path);

    public void Dispose() => model.Dispose();

    /// <summary>The model of an embedded policy.</summary>
    public static LanguageModel ModelOf(IPolicy policy) =>
        (policy as EmbeddedPolicy ?? throw new ArgumentException("the embedded trainer updates only embedded policies", nameof(policy))).Model;
}
