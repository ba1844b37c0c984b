using DataSearch.Search;

namespace DataSearch.Tests.Search;

public class SpecialistMixTests
{
    private static ScreenedSource Source(string name, params (string Benchmark, double Score)[] scores) =>
        new(name, scores.Average(s => s.Score), scores.ToDictionary(s => s.Benchmark, s => s.Score));

    [Fact]
    public void Each_benchmark_goes_to_the_source_best_at_it_and_the_best_source_overall_holding_none_is_left_out()
    {
        // The general source is the best alone (40) but each specialist beats it by far on its own two benchmarks.
        var screened = new[]
        {
            Source("arithmetic", ("add", 100), ("count", 90), ("reverse", 0), ("sort", 0)),
            Source("strings", ("add", 0), ("count", 0), ("reverse", 100), ("sort", 96)),
            Source("general", ("add", 30), ("count", 45), ("reverse", 50), ("sort", 35)),
        };
        var weights = SpecialistMix.Weights(screened, ["add", "count", "reverse", "sort"]);
        Assert.NotNull(weights);
        Assert.Equal(new Dictionary<string, double> { ["arithmetic"] = 0.5, ["strings"] = 0.5 }, weights);
    }

    [Fact]
    public void A_win_by_less_than_the_margin_leaves_the_benchmark_with_the_best_source()
    {
        var narrow = SpecialistMix.Margin - 1;
        var wide = SpecialistMix.Margin + 1;
        var screened = new[]
        {
            Source("textbook", ("a", 80), ("b", 70), ("c", 60), ("d", 50)),
            Source("forum", ("a", 80 + narrow), ("b", 40), ("c", 30), ("d", 50 + wide)),
        };
        Assert.Equal(new Dictionary<string, double> { ["forum"] = 0.25, ["textbook"] = 0.75 }, SpecialistMix.Weights(screened, ["a", "b", "c", "d"]));

        // No wide win at all: the best source holds every benchmark, and the mix is that source alone.
        Assert.Null(SpecialistMix.Weights(screened, ["a", "b", "c"]));
    }

    [Fact]
    public void Benchmarks_the_objective_does_not_average_are_held_by_no_one()
    {
        // Objectives are the mean of the benchmark the objective averages ("a") alone.
        var screened = new[]
        {
            new ScreenedSource("textbook", 80, new Dictionary<string, double> { ["a"] = 80, ["ood"] = 10 }),
            new ScreenedSource("scrape", 60, new Dictionary<string, double> { ["a"] = 60, ["ood"] = 90 }),
        };
        Assert.Null(SpecialistMix.Weights(screened, ["a"]));
        Assert.Equal(new Dictionary<string, double> { ["scrape"] = 0.5, ["textbook"] = 0.5 }, SpecialistMix.Weights(screened, ["a", "ood"]));
    }

    [Fact]
    public void One_source_screened_gives_no_mix_and_the_order_of_the_log_does_not_matter()
    {
        Assert.Null(SpecialistMix.Weights([Source("only", ("a", 50))], ["a"]));
        var screened = new[]
        {
            Source("x", ("a", 50), ("b", 10)),
            Source("y", ("a", 10), ("b", 50)),
        };
        Assert.Equal(SpecialistMix.Weights(screened, ["a", "b"]), SpecialistMix.Weights([.. screened.Reverse()], ["b", "a"]));
    }
}
