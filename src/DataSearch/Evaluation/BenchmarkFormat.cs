namespace DataSearch.Evaluation;

/// <summary>
/// The record shapes <see cref="BenchmarkFiles"/> reads, recognised from the first record's fields; each
/// sets how a record becomes a question with a reference answer and which checker scores it.
/// </summary>
public enum BenchmarkFormat
{
    /// <summary><c>prompt</c>, <c>answer</c> (DataSearch's own, as a world writes): exact match unless a checker is named.</summary>
    Canonical,

    /// <summary>GSM8K: <c>question</c>, <c>answer</c> ending in <c>#### N</c>: numeric final answer.</summary>
    Gsm8k,

    /// <summary>MMLU: <c>question</c>, <c>choices</c> (strings), <c>answer</c> (index or letter): multiple choice.</summary>
    Mmlu,

    /// <summary>GPQA: <c>question</c>, <c>correct_answer</c>, <c>incorrect_answers</c>: options shuffled per question, multiple choice.</summary>
    Gpqa,

    /// <summary>BIG-Bench Hard: <c>input</c>, <c>target</c> (JSON Lines, or the upstream <c>{"examples": […]}</c> file): letter targets as choices, the rest exact.</summary>
    Bbh,

    /// <summary>MATH / MATH-500: <c>problem</c>, <c>answer</c> (or the <c>\boxed{}</c> of <c>solution</c>): normalised math answer.</summary>
    Math,

    /// <summary><c>question</c>, <c>answer</c> in free text (e.g. NLGraph's "The answer is yes."): exact final answer.</summary>
    QuestionAnswer,
}
