namespace DataSearch.Checkers;

/// <summary>
/// Decides whether a model's answer to a benchmark question is right. Each benchmark carries its own
/// checker: exact match, a numeric final answer (GSM8K), a multiple-choice letter (MMLU, BBH, GPQA), a
/// normalised math answer (MATH-500), or one a world or an extension defines.
/// </summary>
public interface IAnswerChecker
{
    /// <summary>The checker's stable name, as configs and reports spell it (e.g. <c>numeric</c>).</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="predicted"/> (what the model wrote) answers a question whose reference answer is <paramref name="expected"/>.</summary>
    bool Check(string predicted, string expected);
}
