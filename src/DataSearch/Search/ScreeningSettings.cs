using DataSearch.Evaluation;

namespace DataSearch.Search;

/// <summary>
/// Multi-fidelity search (the <c>screening:</c> block of a search config): a cheap evaluator (the proxy,
/// or a small embedded profile) scores the surrogate's shortlist of each round, and the full evaluator
/// trains only the candidate the cheap one ranks best. Its evaluations have their own budget, are logged
/// in <c>screening_log.jsonl</c> and never count against <c>max_evaluations</c>.
/// </summary>
public sealed record ScreeningSettings
{
    /// <summary>The cheap evaluator (default: the proxy).</summary>
    public EvaluatorSettings Evaluator { get; init; } = new() { Kind = "proxy" };

    /// <summary>The embedded model profile when the cheap evaluator is <c>embedded</c> (default: tiny).</summary>
    public string? Model { get; init; }

    /// <summary>Candidates of highest expected improvement screened per round (per full evaluation in flight).</summary>
    public int Shortlist { get; init; } = 4;

    /// <summary>Cheap evaluations to spend; once spent, rounds go back to the surrogate's order alone.</summary>
    public int MaxEvaluations { get; init; } = 48;

    /// <summary>The problems with these settings, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (Shortlist < 2)
        {
            yield return "screening.shortlist: must be ≥ 2 (one candidate leaves nothing to screen)";
        }

        if (MaxEvaluations < 1)
        {
            yield return "screening.max_evaluations: must be ≥ 1";
        }

        if (Model is not null && ModelProfiles.Problem("screening.model", Model) is { } model)
        {
            yield return model;
        }

        foreach (var problem in Evaluator.Problems())
        {
            yield return $"screening.{problem}";
        }
    }
}
