using System.Text;

namespace DataSearch.Models;

/// <summary>
/// Bytes as tokens: ids 0–255 are the UTF-8 bytes, then three specials. Every string round-trips, and no
/// vocabulary has to be learned, which suits a world of made-up words.
/// </summary>
public static class ByteTokenizer
{
    /// <summary>Pads a batch; never predicted, never attended to as content.</summary>
    public const int Pad = 256;

    /// <summary>Ends a prompt: the model answers after it.</summary>
    public const int Separator = 257;

    /// <summary>Ends an answer or a document.</summary>
    public const int EndOfText = 258;

    /// <summary>Vocabulary size, rounded up so the embedding's rows are a multiple of 8.</summary>
    public const int VocabularySize = 264;

    /// <summary>The UTF-8 bytes of <paramref name="text"/> as token ids.</summary>
    public static int[] Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var tokens = new int[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            tokens[i] = bytes[i];
        }

        return tokens;
    }

    /// <summary>The text of <paramref name="tokens"/>, ignoring specials; invalid UTF-8 decodes to U+FFFD.</summary>
    public static string Decode(IEnumerable<int> tokens) =>
        Encoding.UTF8.GetString([.. tokens.Where(t => t is >= 0 and < 256).Select(t => (byte)t)]);

    /// <summary>A training example: prompt, separator, answer, end of text; the answer and its end are the response.</summary>
    public static TokenizedExample Example(string prompt, string answer)
    {
        var promptTokens = Encode(prompt);
        var answerTokens = Encode(answer);
        var tokens = new int[promptTokens.Length + answerTokens.Length + 2];
        promptTokens.CopyTo(tokens, 0);
        tokens[promptTokens.Length] = Separator;
        answerTokens.CopyTo(tokens, promptTokens.Length + 1);
        tokens[^1] = EndOfText;
        return new TokenizedExample(tokens, promptTokens.Length + 1);
    }

    /// <summary>The tokens a model is given to answer <paramref name="prompt"/>.</summary>
    public static int[] Prompt(string prompt) => [.. Encode(prompt), Separator];
}

/// <summary>A token sequence whose first <paramref name="ResponseStart"/> tokens are the prompt (loss is taken on the rest).</summary>
public sealed record TokenizedExample(int[] Tokens, int ResponseStart);
