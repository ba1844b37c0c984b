using DataSearch.Evaluation;
using DataSearch.Progress;

namespace DataSearch.World;

/// <summary>
/// An evaluator that trains nothing: it scores a subset from the world's hidden ground truth as
/// 100 × (clean − 2 × defective) ÷ the oracle's size, so the best subset is every clean sample and
/// nothing else. For testing and benchmarking search policies in milliseconds per evaluation.
/// </summary>
public sealed class GroundTruthEvaluator(GeneratedWorld world) : IEvaluator
{
    /// <summary>How many evaluations it has run.</summary>
    public int Calls { get; private set; }

    public EvaluationResult Evaluate(EvaluationRequest request, IProgress<ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Calls++;
        var clean = request.Subset.Count(i => world.Truth[i].Pathology == Pathology.Clean);
        var objective = 100.0 * (clean - (2.0 * (request.Subset.Count - clean))) / world.Subsets["oracle"].Length;
        return new EvaluationResult([new BenchmarkScore("clean", BenchmarkKind.InDistribution, objective, clean, request.Subset.Count)], objective, new EvaluationCost(0, 0, 0, 0, 0), []);
    }
}
