using System.Text.RegularExpressions;
using DataSearch.Evaluation;

namespace DataSearch.Models.Proxy;

/// <summary>
/// The cloze form of a multiple-choice item: the question without its options, answered by the text of
/// the right option. A letter answer is one or three bytes whose loss a small model learns mostly from
/// the answer format and its letter bias, which moves with the training seed; the right option's text
/// carries many bytes of content (the formulation small-model evaluations use for the same reason). An
/// item is multiple choice when its answer is a letter (<c>B</c> or <c>(B)</c>) and its prompt ends with
/// <c>(A) …</c> option lines that include that letter; any other item is left as it is.
/// </summary>
public static partial class ClozeForm
{
    /// <summary><paramref name="item"/> in cloze form, or itself when it is not multiple choice.</summary>
    public static BenchmarkItem Of(BenchmarkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var letter = AnswerLetter().Match(item.Answer.Trim());
        if (!letter.Success)
        {
            return item;
        }

        var options = OptionLine().Matches(item.Prompt);
        if (options.Count < 2)
        {
            return item;
        }

        var chosen = options.FirstOrDefault(o => o.Groups[1].Value == letter.Groups[1].Value);
        var text = chosen?.Groups[2].Value.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return item;
        }

        var question = item.Prompt[..options[0].Index].TrimEnd();
        if (question.EndsWith("Options:", StringComparison.OrdinalIgnoreCase))
        {
            question = question[..^"Options:".Length].TrimEnd();
        }

        return question.Length == 0 ? item : item with { Prompt = question, Answer = text };
    }

    [GeneratedRegex(@"^\(?([A-Z])\)?$")]
    private static partial Regex AnswerLetter();

    [GeneratedRegex(@"(?m)^\(([A-Z])\)[ \t]*(.*)$")]
    private static partial Regex OptionLine();
}
