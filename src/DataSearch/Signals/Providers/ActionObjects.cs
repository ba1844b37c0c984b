using DataSearch.Text;

namespace DataSearch.Signals.Providers;

/// <summary>
/// Verb–object structure of instructions without a part-of-speech tagger. An instruction is cut into
/// clauses (sentence punctuation, new lines, "and", "then"); a clause whose first word is a known
/// instruction verb yields the pair (verb, first following word that is not a function word). A
/// sample's <c>action_object</c> score sums, over its distinct pairs, log(N / (1 + samples with that
/// pair)): more actions, and rarer ones, branch the instruction space more.
/// </summary>
public static class ActionObjects
{
    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "add", "analyze", "analyse", "answer", "arrange", "ask", "assess", "build", "calculate", "categorize", "change", "check",
        "choose", "classify", "combine", "compare", "compose", "compute", "construct", "convert", "correct", "count", "create",
        "debug", "define", "derive", "describe", "design", "detect", "determine", "develop", "discuss", "draft", "draw", "edit",
        "estimate", "evaluate", "explain", "extract", "fill", "find", "fix", "format", "generate", "give", "guess", "identify",
        "implement", "improve", "infer", "list", "look", "lookup", "make", "match", "name", "note", "order", "outline",
        "paraphrase", "pick", "plan", "predict", "prepare", "produce", "prove", "provide", "rank", "rate", "read", "recommend",
        "reorder", "rephrase", "replace", "reverse", "review", "rewrite", "select", "shorten", "show", "simplify", "solve",
        "sort", "spell", "state", "suggest", "summarize", "summarise", "tell", "translate", "use", "verify", "write",
    };

    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "this", "that", "these", "those", "me", "us", "it", "its", "my", "your", "our", "their", "his", "her",
        "of", "to", "in", "on", "for", "with", "by", "from", "about", "as", "at", "into", "up", "out", "all", "some", "any",
        "each", "every", "following", "given", "one", "two", "three", "short", "brief", "new", "same", "other", "i", "you",
    };

    private static readonly char[] ClauseBreaks = ['.', '!', '?', ';', ':', '\n'];

    /// <summary>The distinct (verb, object) pairs of an instruction.</summary>
    public static (string Action, string Object)[] Extract(string instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        var pairs = new HashSet<(string, string)>();
        foreach (var sentence in instruction.Split(ClauseBreaks, StringSplitOptions.RemoveEmptyEntries))
        {
            var words = WordTokens.Split(sentence);
            var start = 0;
            for (var i = 0; i <= words.Count; i++)
            {
                if (i == words.Count || words[i] is "and" or "then")
                {
                    AddClause(words, start, i, pairs);
                    start = i + 1;
                }
            }
        }

        return [.. pairs.Order()];
    }

    /// <summary>The per-sample scores, given each sample's pairs.</summary>
    public static float[] Score(IReadOnlyList<(string Action, string Object)[]> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var frequency = new Dictionary<(string, string), int>();
        foreach (var sample in pairs)
        {
            foreach (var pair in sample)
            {
                frequency[pair] = frequency.GetValueOrDefault(pair) + 1;
            }
        }

        var scores = new float[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            var score = 0.0;
            foreach (var pair in pairs[i])
            {
                score += Math.Log(pairs.Count / (1.0 + frequency[pair]));
            }

            scores[i] = (float)Math.Max(0, score);
        }

        return scores;
    }

    private static void AddClause(List<string> words, int start, int end, HashSet<(string, string)> pairs)
    {
        if (start >= end || !Verbs.Contains(words[start]))
        {
            return;
        }

        for (var i = start + 1; i < end; i++)
        {
            if (!FunctionWords.Contains(words[i]))
            {
                pairs.Add((words[start], words[i]));
                return;
            }
        }
    }
}
