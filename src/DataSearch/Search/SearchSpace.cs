using DataSearch.Pool;
using DataSearch.Randomness;
using DataSearch.Recipes;
using DataSearch.Signals;

namespace DataSearch.Search;

/// <summary>One searchable parameter: a numeric range (log-scaled when it spans two decades or more), choices, or a flag.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Type">Its type.</param>
/// <param name="Low">Smallest value searched (numbers).</param>
/// <param name="High">Largest value searched (numbers).</param>
/// <param name="Choices">Values searched (choices, signal names, group names).</param>
/// <param name="Optional">Whether the parameter is unset by default (then searched only some of the time).</param>
public sealed record SpaceParameter(string Name, ParameterType Type, double Low, double High, IReadOnlyList<string> Choices, bool Optional)
{
    /// <summary>What the operator declared the search may vary here.</summary>
    public SearchDomain Domain { get; init; } = SearchDomain.Value;

    /// <summary>Whether numeric values are drawn on a log scale.</summary>
    public bool LogScale => Low > 0 && High / Low >= 100;

    /// <summary>Below this point of [0, 1] a group's weight is dropped (the group left out of the mix).</summary>
    public const double DropBelow = 0.3;

    /// <summary>Smallest weight a kept group gets.</summary>
    public const double MinWeight = 0.05;

    /// <summary>Hypercube dimensions the parameter takes: one per group for weights (so a warm-up spreads every group's share), otherwise one.</summary>
    public int Dimensions => Type == ParameterType.Weights ? Choices.Count : 1;

    /// <summary>
    /// Maps <see cref="Dimensions"/> points of [0, 1] to a value. Weights: a group whose point lies under
    /// <see cref="DropBelow"/> is dropped, the others get weights from <see cref="MinWeight"/> to 1 (at least
    /// the group of the highest point is kept); other types read the first point as <see cref="Value(double, DeterministicRandom)"/> does.
    /// </summary>
    public object Value(ReadOnlySpan<double> units, DeterministicRandom random)
    {
        if (Type != ParameterType.Weights)
        {
            return Value(units[0], random);
        }

        var highest = 0;
        for (var i = 1; i < Choices.Count; i++)
        {
            highest = units[i] > units[highest] ? i : highest;
        }

        var weights = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < Choices.Count; i++)
        {
            if (units[i] >= DropBelow || i == highest)
            {
                weights[Choices[i]] = Math.Round(MinWeight + ((1 - MinWeight) * Math.Clamp((units[i] - DropBelow) / (1 - DropBelow), 0, 1)), 3);
            }
        }

        return weights;
    }

    /// <summary>The weights of a raw weights value (a recipe's map of group → number); empty when unset or not a map.</summary>
    public static SortedDictionary<string, double> ReadWeights(object? raw)
    {
        var weights = new SortedDictionary<string, double>(StringComparer.Ordinal);
        if (raw is System.Collections.IDictionary map)
        {
            foreach (System.Collections.DictionaryEntry entry in map)
            {
                if (entry.Key is string group && entry.Value is IConvertible number and not string)
                {
                    weights[group] = number.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        return weights;
    }

    /// <summary>Maps a value to [0, 1] within the range.</summary>
    public double Normalise(double value) => High <= Low ? 0.5 : LogScale
        ? Math.Clamp((Math.Log(value) - Math.Log(Low)) / (Math.Log(High) - Math.Log(Low)), 0, 1)
        : Math.Clamp((value - Low) / (High - Low), 0, 1);

    /// <summary>Maps a point of [0, 1] to a value of the parameter's type.</summary>
    public object Value(double unit, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        unit = Math.Clamp(unit, 0, 1);
        switch (Type)
        {
            case ParameterType.Int:
                return (long)Math.Round(LogScale ? Math.Exp(Math.Log(Low) + (unit * (Math.Log(High) - Math.Log(Low)))) : Low + (unit * (High - Low)));
            case ParameterType.Float:
                var value = LogScale ? Math.Exp(Math.Log(Low) + (unit * (Math.Log(High) - Math.Log(Low)))) : Low + (unit * (High - Low));
                return Math.Round(value, 4);
            case ParameterType.Bool:
                return unit >= 0.5;
            case ParameterType.StringList:
                return Choices.Where(_ => random.Chance(0.3)).DefaultIfEmpty(Choices[Math.Min(Choices.Count - 1, (int)(unit * Choices.Count))]).ToList<object?>();
            case ParameterType.Weights:
                return Choices.ToDictionary(c => c, c => (object?)Math.Round(0.1 + (random.NextDouble() * 0.9), 3), StringComparer.Ordinal);
            default:
                return Choices[Math.Min(Choices.Count - 1, (int)(unit * Choices.Count))];
        }
    }
}

/// <summary>One operator the search may place in a recipe, with its searchable parameters.</summary>
public sealed record SpaceOperator(string Name, IReadOnlyList<SpaceParameter> Parameters);

/// <summary>
/// What the search explores: the catalog's operators that can run on this pool (their signals exist,
/// they need no sub-recipes) with the catalog's search ranges. Parameters marked <c>search: false</c>
/// keep their defaults. Signal-name parameters range over the pool's score signals, source and tag
/// lists over the pool's sources and tags.
/// </summary>
public sealed class SearchSpace
{
    private SearchSpace(IReadOnlyList<SpaceOperator> operators) => Operators = operators;

    /// <summary>The searchable operators, in catalog order.</summary>
    public IReadOnlyList<SpaceOperator> Operators { get; }

    /// <summary>Looks an operator up.</summary>
    public SpaceOperator? Find(string name) => Operators.FirstOrDefault(o => o.Name == name);

    /// <summary>Builds the space for a pool and its signals.</summary>
    public static SearchSpace Build(OperatorCatalog catalog, OperatorRegistry registry, SignalSet signals, SamplePool pool, bool benchmarksKnown)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(pool);
        var scoreSignals = signals.Names.Where(n => signals.Blocks.Values.Any(b => b.Columns.Any(c => c.Name == n && !c.IsCluster))).Order(StringComparer.Ordinal).ToList();
        var operators = new List<SpaceOperator>();
        foreach (var (name, (_, entry)) in catalog.Operators.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!registry.TryGet(name, out var op) || op.Parameters.Any(p => p.Type == ParameterType.Branches) || (op.NeedsBenchmarks && !benchmarksKnown))
            {
                continue;
            }

            // A required signal name (top_k, score_filter) is searched over the score signals: bind with the first.
            var required = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var signal in op.Parameters.Where(p => p is { Domain: SearchDomain.ScoreSignal, Required: true }))
            {
                if (scoreSignals.Count > 0)
                {
                    required[signal.Name] = scoreSignals[0];
                }
            }

            bool Runnable(Dictionary<string, object?> arguments) =>
                RecipeValidator.Bind(new RecipeStep(name, arguments), op, "0", null).Arguments is { } bound
                && op.RequiredSignals(bound).All(s => RecipeValidator.Available(signals, s));

            // When the defaults need signals this pool lacks, another searchable choice may not (semdedup's
            // default SAE features are missing where only sentence embeddings were computed): use the first.
            if (!Runnable(required))
            {
                var substitute = entry.Params
                    .Where(p => p.Value.Search)
                    .Select(p => op.Parameters.First(spec => spec.Name == p.Key))
                    .Where(spec => spec is { Domain: SearchDomain.Value, Type: ParameterType.Choice, Choices: not null })
                    .SelectMany(spec => spec.Choices!.Select(choice => new Dictionary<string, object?>(required) { [spec.Name] = choice }))
                    .FirstOrDefault(Runnable);
                if (substitute is null)
                {
                    continue;
                }

                required = substitute;
            }

            var parameters = new List<SpaceParameter>();
            var usable = true;
            foreach (var (parameterName, parameter) in entry.Params)
            {
                var spec = op.Parameters.First(p => p.Name == parameterName);
                if (!parameter.Search || spec.Domain == SearchDomain.Fixed)
                {
                    continue;
                }

                // What the operator declares the search may vary, filled in from this pool and its signals.
                var optional = spec.Default is null && !spec.Required;
                switch (spec.Domain, spec.Type)
                {
                    case (SearchDomain.Value, ParameterType.Int or ParameterType.Float) when parameter.SearchRange is { Count: 2 } range:
                        parameters.Add(new SpaceParameter(parameterName, spec.Type, double.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(range[1], System.Globalization.CultureInfo.InvariantCulture), [], optional));
                        break;
                    case (SearchDomain.Value, ParameterType.Bool):
                        parameters.Add(new SpaceParameter(parameterName, spec.Type, 0, 1, [], false));
                        break;
                    case (SearchDomain.Value, ParameterType.Choice) when spec.Choices is { Count: > 1 } choices:
                        // Only the choices whose signals this pool has (semdedup's embedding vectors exist only when computed).
                        var runnable = choices.Where(choice => Runnable(new Dictionary<string, object?>(required) { [parameterName] = choice })).ToList();

                        // One runnable choice other than the default is still searched, so recipes name it.
                        if (runnable.Count > 1 || (runnable.Count == 1 && !Equals(runnable[0], spec.Default)))
                        {
                            parameters.Add(new SpaceParameter(parameterName, spec.Type, 0, 1, runnable, false));
                        }

                        break;
                    case (SearchDomain.ScoreSignal, ParameterType.String) when scoreSignals.Count > 0:
                        parameters.Add(new SpaceParameter(parameterName, ParameterType.Choice, 0, 1, scoreSignals, false));
                        break;
                    case (SearchDomain.SourceWeights, ParameterType.Weights) when pool.SourceNames.Count > 1:
                        parameters.Add(new SpaceParameter(parameterName, spec.Type, 0, 1, pool.SourceNames, optional) { Domain = spec.Domain });
                        break;
                    case (SearchDomain.TagWeights, ParameterType.Weights) when pool.TagNames.Count > 1:
                        parameters.Add(new SpaceParameter(parameterName, spec.Type, 0, 1, pool.TagNames, optional) { Domain = spec.Domain });
                        break;
                    case (SearchDomain.SourcesLeftOut, ParameterType.StringList) when pool.SourceNames.Count > 1:
                        parameters.Add(new SpaceParameter(parameterName, spec.Type, 0, 1, pool.SourceNames, true) { Domain = spec.Domain });
                        break;
                    default:
                        // A required parameter the search cannot fill makes the operator unusable.
                        usable &= !spec.Required;
                        break;
                }
            }

            if (usable)
            {
                operators.Add(new SpaceOperator(name, parameters));
            }
        }

        return new SearchSpace(operators);
    }

    /// <summary>A step of <paramref name="op"/> with parameters drawn at random.</summary>
    public static RecipeStep RandomStep(SpaceOperator op, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(op);
        ArgumentNullException.ThrowIfNull(random);
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var parameter in op.Parameters)
        {
            if (parameter.Optional && !random.Chance(0.35))
            {
                continue;
            }

            values[parameter.Name] = parameter.Value(random.NextDouble(), random);
        }

        return new RecipeStep(op.Name, values);
    }

}
