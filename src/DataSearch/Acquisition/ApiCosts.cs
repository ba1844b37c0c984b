namespace DataSearch.Acquisition;

/// <summary>
/// What each API call costs, in cost units (a stand-in for money or teacher tokens; reward subtracts
/// λ per unit). <c>retrieve(q, k)</c> costs <see cref="RetrieveCall"/> + k·<see cref="RetrievePassage"/>,
/// <c>demonstrate(s, n)</c> costs <see cref="DemonstrateCall"/> + n·<see cref="DemonstrateItem"/>,
/// <c>answer(q)</c> costs <see cref="AnswerCall"/>; a call that cannot run costs <see cref="InvalidCall"/>.
/// </summary>
public sealed record ApiCosts
{
    public double RetrieveCall { get; init; } = 0.5;

    public double RetrievePassage { get; init; } = 0.25;

    public double DemonstrateCall { get; init; } = 0.5;

    public double DemonstrateItem { get; init; } = 0.01;

    public double AnswerCall { get; init; } = 0.5;

    public double InvalidCall { get; init; } = 1.0;

    /// <summary>Every negative cost, by field.</summary>
    public IEnumerable<string> Problems()
    {
        (string Name, double Value)[] fields =
        [
            ("retrieve_call", RetrieveCall), ("retrieve_passage", RetrievePassage), ("demonstrate_call", DemonstrateCall),
            ("demonstrate_item", DemonstrateItem), ("answer_call", AnswerCall), ("invalid_call", InvalidCall),
        ];
        return fields.Where(f => !(f.Value >= 0) || double.IsInfinity(f.Value)).Select(f => $"costs.{f.Name}: must be a finite number ≥ 0");
    }
}

/// <summary>How far one trajectory may go.</summary>
public sealed record TrajectoryLimits
{
    /// <summary>Calls executed at most; later ones are skipped and reported.</summary>
    public int MaxCalls { get; init; } = 12;

    /// <summary>Cost units spent at most; a call that could exceed it is skipped and reported.</summary>
    public double MaxCost { get; init; } = 20;

    /// <summary>Largest k for <c>retrieve</c>.</summary>
    public int MaxK { get; init; } = 10;

    /// <summary>Largest n for <c>demonstrate</c>.</summary>
    public int MaxN { get; init; } = 512;

    /// <summary>Every out-of-range limit, by field.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxCalls < 1)
        {
            yield return "limits.max_calls: must be ≥ 1";
        }

        if (!(MaxCost > 0))
        {
            yield return "limits.max_cost: must be > 0";
        }

        if (MaxK is < 1 or > 100)
        {
            yield return "limits.max_k: must be in [1, 100]";
        }

        if (MaxN is < 1 or > 10_000)
        {
            yield return "limits.max_n: must be in [1, 10000]";
        }
    }
}
