using DataSearch.Text;

namespace DataSearch.Evaluation.Chat;

/// <summary>
/// The score used when no judge is configured — a <b>weak</b> signal, labelled as such everywhere it
/// appears: 1 to 10 from (a) up to 6 points for word overlap with the reference answer (F1 over lower-case
/// words; with no reference, over the question's words, which only checks the answer is on topic),
/// (b) 2 points when the answer's length is within a factor of four of the reference's (or of 200
/// characters per turn without one), (c) 1 point when fewer than half of its word trigrams repeat (no
/// loops), (d) 1 point when every turn has an answer. An empty answer scores 1.
/// </summary>
public static class HeuristicChatScorer
{
    /// <summary>The grader's name in results.</summary>
    public const string Name = "heuristic (weak)";

    /// <summary>The weak score of <paramref name="answer"/>.</summary>
    public static ChatGrade Score(ChatQuestion question, IReadOnlyList<string> answer)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(answer);
        var text = string.Join("\n", answer);
        var words = WordTokens.Split(text);
        if (words.Count == 0)
        {
            return new ChatGrade(question.Id, 1, Name);
        }

        var reference = question.Reference is { Count: > 0 } r ? string.Join("\n", r) : null;
        var overlap = F1(words, WordTokens.Split(reference ?? string.Join("\n", question.Turns)));
        var expected = reference?.Length ?? (200 * question.Turns.Count);
        var ratio = (double)text.Length / Math.Max(1, expected);
        var trigrams = Enumerable.Range(0, Math.Max(0, words.Count - 2)).Select(i => $"{words[i]} {words[i + 1]} {words[i + 2]}").ToList();
        var repeats = trigrams.Count == 0 ? 0 : 1 - ((double)trigrams.Distinct(StringComparer.Ordinal).Count() / trigrams.Count);
        var score = 1 + (6 * overlap) + (ratio is >= 0.25 and <= 4 ? 2 : 0) + (repeats < 0.5 ? 1 : 0)
            + (answer.Count >= question.Turns.Count && answer.All(a => !string.IsNullOrWhiteSpace(a)) ? 1 : 0);
        return new ChatGrade(question.Id, Math.Round(Math.Min(10, score), 2), Name);
    }

    private static double F1(List<string> candidate, List<string> reference)
    {
        if (candidate.Count == 0 || reference.Count == 0)
        {
            return 0;
        }

        var counts = reference.GroupBy(w => w, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var common = 0;
        foreach (var word in candidate)
        {
            if (counts.TryGetValue(word, out var left) && left > 0)
            {
                counts[word] = left - 1;
                common++;
            }
        }

        if (common == 0)
        {
            return 0;
        }

        var precision = (double)common / candidate.Count;
        var recall = (double)common / reference.Count;
        return 2 * precision * recall / (precision + recall);
    }
}
