using DataSearch.Search;

namespace DataSearch.Tests.Search;

public class RoundRankingTests
{
    [Fact]
    public void Expected_improvement_prefers_an_uncertain_candidate_and_the_predicted_mean_a_sure_one()
    {
        const double best = 80;
        (double, double) sure = (79, 1);        // just under the best, almost certainly
        (double, double) uncertain = (65, 20);  // well under it, but could be far above

        // Expected improvement: E[max(0, Y − best − 0.01)] for Y ~ N(mean, sd), by numerical integration.
        Assert.Equal(Integrated(sure, best), RoundRanking.Score(RoundRanking.ExpectedImprovement, sure, best), 3);
        Assert.Equal(Integrated(uncertain, best), RoundRanking.Score(RoundRanking.ExpectedImprovement, uncertain, best), 3);
        Assert.True(RoundRanking.Score(RoundRanking.ExpectedImprovement, uncertain, best) > RoundRanking.Score(RoundRanking.ExpectedImprovement, sure, best));

        Assert.Equal(79, RoundRanking.Score(RoundRanking.PredictedMean, sure, best));
        Assert.True(RoundRanking.Score(RoundRanking.PredictedMean, sure, best) > RoundRanking.Score(RoundRanking.PredictedMean, uncertain, best));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoundRanking.Score("greedy", sure, best));
    }

    private static double Integrated((double Mean, double Sd) p, double best)
    {
        var sum = 0.0;
        const double step = 0.001;
        for (var y = p.Mean - (10 * p.Sd); y < p.Mean + (10 * p.Sd); y += step)
        {
            var density = Math.Exp(-0.5 * Math.Pow((y - p.Mean) / p.Sd, 2)) / (p.Sd * Math.Sqrt(2 * Math.PI));
            sum += Math.Max(0, y - best - 0.01) * density * step;
        }

        return sum;
    }
}
