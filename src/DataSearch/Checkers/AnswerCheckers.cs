namespace DataSearch.Checkers;

/// <summary>
/// The checkers a config may name, by <see cref="IAnswerChecker.Name"/>: the built-in ones and any an
/// extension or environment adds. A set is an ordinary object (no global registry), so two runs in one
/// process cannot see each other's additions.
/// </summary>
public sealed class AnswerCheckers
{
    private readonly Dictionary<string, IAnswerChecker> byName = new(StringComparer.Ordinal);

    /// <summary>A set holding the built-in checkers: <c>exact</c>, <c>numeric</c>, <c>choice</c>, <c>choice_or_exact</c>, <c>math</c>.</summary>
    public AnswerCheckers()
    {
        foreach (var checker in new IAnswerChecker[] { new ExactMatchChecker(), new NumericAnswerChecker(), new MultipleChoiceChecker(), new MixedChoiceChecker(), new MathAnswerChecker() })
        {
            byName.Add(checker.Name, checker);
        }
    }

    /// <summary>The names of every checker in the set, in order.</summary>
    public IReadOnlyList<string> Names => [.. byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds <paramref name="checker"/>; a name already taken is refused.</summary>
    public void Add(IAnswerChecker checker)
    {
        ArgumentNullException.ThrowIfNull(checker);
        if (!byName.TryAdd(checker.Name, checker))
        {
            throw new ArgumentException($"an answer checker called '{checker.Name}' is already registered", nameof(checker));
        }
    }

    /// <summary>The checker called <paramref name="name"/>, or null.</summary>
    public IAnswerChecker? Find(string name) => byName.GetValueOrDefault(name);
}
