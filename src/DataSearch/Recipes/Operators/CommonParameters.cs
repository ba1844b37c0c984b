namespace DataSearch.Recipes.Operators;

/// <summary>Parameter specs several operators share, so their names, ranges and wording agree.</summary>
internal static class CommonParameters
{
    public static ParameterSpec Fraction(double @default = 0.5, double min = 0.01) =>
        new("fraction", ParameterType.Float, "Fraction of the scored input to keep when top_k and threshold are unset.", @default, min, 1.0);

    public static readonly ParameterSpec TopK =
        new("top_k", ParameterType.Int, "Number of samples to keep; overrides fraction.", null, 1, 100_000_000);

    public static ParameterSpec Threshold(double? min = null, double? max = null) =>
        new("threshold", ParameterType.Float, "Keep samples scoring at least this (at most, when descending is false); overrides fraction and top_k.", null, min, max, Domain: SearchDomain.Fixed);

    public static readonly ParameterSpec Descending =
        new("descending", ParameterType.Bool, "Keep the highest scores (true) or the lowest (false).", true);

    public static readonly ParameterSpec KeepMissingScores =
        new("keep_missing_scores", ParameterType.Bool, "Keep samples that have no score for this signal.", false, Domain: SearchDomain.Fixed);

    public static readonly ParameterSpec Seed =
        new("seed", ParameterType.Int, "Seed for the random choices; unset derives one from the recipe seed and the step.", null, 0, long.MaxValue, Domain: SearchDomain.Fixed);

    public static ParameterSpec TotalSamples(object? @default = null, bool required = false) =>
        new("total_samples", ParameterType.Int, "Number of samples to keep (at most the input size).", @default, 1, 100_000_000, Required: required);

    public static readonly ParameterSpec Keep =
        new("keep", ParameterType.Choice, "Which member of a duplicate cluster survives: the first in pool order, the longest, or the highest score_signal.", "first", Choices: ["first", "longest", "highest_score"]);

    public static readonly ParameterSpec ScoreSignal =
        new("score_signal", ParameterType.String, "Signal used by keep: highest_score.", "quality");
}
