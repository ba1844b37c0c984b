namespace DataSearch.Signals;

/// <summary>How well a score column tells two groups of samples apart.</summary>
public static class Separation
{
    /// <summary>
    /// The area under the ROC curve: the chance that a random positive sample scores above a random
    /// negative one, ties counting half (the Mann–Whitney statistic). 0.5 means the score carries no
    /// information about the groups; 1 that every positive scores higher, 0 that every positive scores
    /// lower. Unscored samples (NaN) are left out; NaN when either group has no scored sample.
    /// </summary>
    public static double Auc(IReadOnlyList<float> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        if (scores.Count != positive.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {positive.Count} labels", nameof(positive));
        }

        var scored = Enumerable.Range(0, scores.Count).Where(i => !float.IsNaN(scores[i])).OrderBy(i => scores[i]).ToList();
        long positives = scored.Count(i => positive[i]), negatives = scored.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Sum of the positives' ranks, each run of tied scores taking its mean rank.
        var rankSum = 0.0;
        for (var start = 0; start < scored.Count;)
        {
            var end = start;
            while (end + 1 < scored.Count && scores[scored[end + 1]] == scores[scored[start]])
            {
                end++;
            }

            var meanRank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                rankSum += positive[scored[k]] ? meanRank : 0;
            }

            start = end + 1;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }
}
