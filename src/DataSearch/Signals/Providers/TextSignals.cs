using System.Text;
using DataSearch.Progress;
using DataSearch.Text;

namespace DataSearch.Signals.Providers;

/// <summary>
/// Cheap per-sample text signals:
/// <c>chars</c> (characters of all messages), <c>tokens</c> (UTF-8 bytes = tokens of the embedded
/// byte-level model), <c>turns</c> (messages), <c>response_ratio</c> (response characters per
/// instruction character), <c>non_ascii_ratio</c>, <c>repetition</c> (share of the response's word
/// 3-grams that repeat an earlier one), <c>ngram_entropy</c> (Shannon entropy in bits of the sample's
/// word-bigram distribution), <c>action_object</c> (see <see cref="ActionObjects"/>) and <c>quality</c>
/// (1 minus the mean of rule penalties: empty response, repetition, non-ASCII above 30%, a response 20×
/// longer than its instruction, unbalanced brackets).
/// </summary>
public sealed class TextSignals : ISignalProvider
{
    /// <summary>The column names, in order.</summary>
    public static readonly IReadOnlyList<string> ColumnNames =
        ["chars", "tokens", "turns", "response_ratio", "non_ascii_ratio", "repetition", "ngram_entropy", "action_object", "quality"];

    /// <inheritdoc />
    public string Name => "text";

    /// <inheritdoc />
    public int Version => 1;

    /// <inheritdoc />
    public string Key(SignalInput input) => string.Empty;

    /// <inheritdoc />
    public SignalBlock Compute(SignalInput input, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pool = input.Pool;
        var n = pool.Count;
        var columns = ColumnNames.ToDictionary(c => c, _ => new float[n]);
        var pairs = new (string Action, string Object)[n][];
        for (var i = 0; i < n; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var instruction = SampleText.Instruction(pool, i);
            var response = SampleText.Response(pool, i);
            var full = SampleText.Full(pool, i);
            var responseWords = WordTokens.Split(response);
            columns["chars"][i] = full.Length;
            columns["tokens"][i] = pool.GetContentBytes(i);
            columns["turns"][i] = pool.GetMessageCount(i);
            columns["response_ratio"][i] = response.Length / (float)Math.Max(1, instruction.Length);
            var nonAscii = NonAsciiRatio(full);
            columns["non_ascii_ratio"][i] = nonAscii;
            var repetition = Repetition(responseWords);
            columns["repetition"][i] = repetition;
            columns["ngram_entropy"][i] = BigramEntropy(WordTokens.Split(full));
            pairs[i] = ActionObjects.Extract(instruction);
            var penalties = (response.Length == 0 ? 1 : 0)
                + repetition
                + (nonAscii > 0.3f ? 1 : 0)
                + (response.Length > 20 * Math.Max(20, instruction.Length) ? 1 : 0)
                + (Balanced(full) ? 0 : 1);
            columns["quality"][i] = 1 - (penalties / 5f);
            if ((i & 1023) == 1023)
            {
                progress?.Report(new ProgressReport("text signals", i + 1, n, "samples"));
            }
        }

        columns["action_object"] = ActionObjects.Score(pairs);
        progress?.Report(new ProgressReport("text signals", n, n, "samples"));
        return new SignalBlock(Name, Version, string.Empty, [.. ColumnNames.Select(c => SignalColumn.OfScores(c, columns[c]))]);
    }

    private static float NonAsciiRatio(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var count = 0;
        foreach (var c in text)
        {
            count += c > 127 ? 1 : 0;
        }

        return count / (float)text.Length;
    }

    private static float Repetition(List<string> words)
    {
        if (words.Count < 4)
        {
            return 0;
        }

        var seen = new HashSet<(string, string, string)>();
        var repeated = 0;
        for (var i = 0; i + 2 < words.Count; i++)
        {
            repeated += seen.Add((words[i], words[i + 1], words[i + 2])) ? 0 : 1;
        }

        return repeated / (float)(words.Count - 2);
    }

    private static float BigramEntropy(List<string> words)
    {
        if (words.Count < 2)
        {
            return 0;
        }

        var counts = new Dictionary<(string, string), int>();
        for (var i = 0; i + 1 < words.Count; i++)
        {
            var key = (words[i], words[i + 1]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var total = (double)(words.Count - 1);
        var entropy = 0.0;
        foreach (var count in counts.Values)
        {
            var p = count / total;
            entropy -= p * Math.Log2(p);
        }

        return (float)entropy;
    }

    private static bool Balanced(string text)
    {
        var depth = new StringBuilder();
        foreach (var c in text)
        {
            switch (c)
            {
                case '(' or '[' or '{':
                    depth.Append(c);
                    break;
                case ')' or ']' or '}':
                    var open = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (depth.Length == 0 || depth[^1] != open)
                    {
                        return false;
                    }

                    depth.Length--;
                    break;
            }
        }

        return depth.Length == 0;
    }
}
