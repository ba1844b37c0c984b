namespace DataSearch.Search;

/// <summary>
/// The order in which a round considers its candidates, from the surrogate's prediction of each (mean and
/// standard deviation) and the best objective so far. Expected improvement weighs a candidate's
/// uncertainty as a chance to do better, so it explores; the predicted mean only exploits. On the zoo
/// the candidates expected improvement chose were predicted 10 points below the best with an
/// uncertainty of 17, and one in nine beat it (docs/search.md), hence the alternative.
/// </summary>
public static class RoundRanking
{
    /// <summary>Rank by expected improvement over the best so far (the default).</summary>
    public const string ExpectedImprovement = "expected_improvement";

    /// <summary>Rank by the predicted mean alone.</summary>
    public const string PredictedMean = "predicted_mean";

    /// <summary>The choices a config may name.</summary>
    public static readonly IReadOnlyList<string> Choices = [ExpectedImprovement, PredictedMean];

    /// <summary>The score a candidate is ranked by (higher first) under <paramref name="choice"/>.</summary>
    public static double Score(string choice, (double Mean, double StandardDeviation) prediction, double best) => choice switch
    {
        ExpectedImprovement => GaussianProcess.ExpectedImprovement(prediction, best),
        PredictedMean => prediction.Mean,
        _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, $"expected {string.Join(" or ", Choices)}"),
    };
}
