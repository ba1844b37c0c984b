using System.Collections.Concurrent;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Models;
using DataSearch.Progress;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Models;

[Collection(nameof(ModelCollection))]
public class EmbeddedEvaluatorTests
{
    private static readonly Lazy<(GeneratedWorld World, LanguageModel Base)> Setup = new(() =>
    {
        var world = WorldGenerator.Generate(WorldOptions.Small(12));
        var options = EmbeddedModelOptions.Tiny;
        var model = LanguageModel.Create(options.Model, options.Pretraining.Seed);
        model.Train(BaseModelCache.Documents(world.PretrainingText, options.Model.Context), options.Pretraining);
        return (world, model);
    });

    private static EmbeddedEvaluator Evaluator() =>
        new(Setup.Value.Base, Setup.Value.World.Benchmarks, EmbeddedModelOptions.Tiny);

    [Fact]
    public void An_evaluation_scores_every_benchmark_and_is_reproducible()
    {
        var world = Setup.Value.World;
        var request = new EvaluationRequest(world.Pool, world.Subsets["oracle"], Seed: 2);
        var first = Evaluator().Evaluate(request);
        var second = Evaluator().Evaluate(request);
        Assert.Equal(world.Benchmarks.Select(b => b.Name), first.Scores.Select(s => s.Benchmark));
        Assert.All(first.Scores, s => Assert.InRange(s.Score, 0, 100));
        Assert.Equal(first.Scores, second.Scores);
        Assert.Equal(
            first.Scores.Where(s => s.Kind == BenchmarkKind.InDistribution).Average(s => s.Score),
            first.Objective,
            precision: 9);
        Assert.Equal(EmbeddedModelOptions.Tiny.FineTuning.Steps, first.Cost.Steps);
        Assert.True(first.Cost.TrainingTokens > 0);
    }

    [Fact]
    public void Evaluations_started_together_run_one_after_the_other_and_score_as_when_run_alone()
    {
        var world = Setup.Value.World;
        var requests = new[] { 3UL, 4UL }.Select(seed => new EvaluationRequest(world.Pool, world.Subsets["oracle"], seed)).ToArray();
        var alone = requests.Select(r => Evaluator().Evaluate(r)).ToArray();

        var reports = new ConcurrentQueue<int>();
        var together = new EvaluationResult[requests.Length];
        Parallel.For(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = requests.Length }, i =>
            together[i] = Evaluator().Evaluate(requests[i], new ImmediateProgress(_ => reports.Enqueue(i))));

        Assert.Equal(alone.Select(r => r.Scores), together.Select(r => r.Scores));
        var order = reports.ToArray();
        var switches = order.Zip(order.Skip(1)).Count(pair => pair.First != pair.Second);
        Assert.Equal(1, switches);
    }

    [Fact]
    public void Evaluation_does_not_change_the_base_model()
    {
        var world = Setup.Value.World;
        var before = Setup.Value.Base.Answer(["rev abc"], 4);
        Evaluator().Evaluate(new EvaluationRequest(world.Pool, world.Subsets["noisy"], Seed: 1));
        Assert.Equal(before, Setup.Value.Base.Answer(["rev abc"], 4));
    }

    [Fact]
    public void An_empty_or_out_of_range_subset_is_refused()
    {
        var world = Setup.Value.World;
        Assert.Throws<UsageException>(() => Evaluator().Evaluate(new EvaluationRequest(world.Pool, [], 1)));
        Assert.Throws<UsageException>(() => Evaluator().Evaluate(new EvaluationRequest(world.Pool, [world.Pool.Count], 1)));
    }

    [Fact]
    public void No_benchmarks_is_refused_up_front()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => new EmbeddedEvaluator(Setup.Value.Base, [], EmbeddedModelOptions.Tiny));
        Assert.Contains("benchmarks: none given", error.Problems);
    }

    /// <summary>Reports on the calling thread, unlike <see cref="Progress{T}"/>, so the order is the order of the calls.</summary>
    private sealed class ImmediateProgress(Action<ProgressReport> report) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => report(value);
    }
}
