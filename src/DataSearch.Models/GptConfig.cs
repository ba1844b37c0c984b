namespace DataSearch.Models;

/// <summary>The shape of the embedded decoder-only transformer.</summary>
/// <param name="Layers">Transformer blocks.</param>
/// <param name="Width">Embedding width.</param>
/// <param name="Heads">Attention heads (must divide the width).</param>
/// <param name="Context">Longest sequence, in tokens.</param>
public sealed record GptConfig(int Layers, int Width, int Heads, int Context)
{
    /// <summary>The default: small enough that one evaluation fits a minute on two cores.</summary>
    public static GptConfig Default { get; } = new(Layers: 2, Width: 64, Heads: 4, Context: 40);

    /// <summary>Vocabulary size (byte tokens plus specials).</summary>
    public int Vocabulary => ByteTokenizer.VocabularySize;

    /// <summary>Trainable parameters (embeddings tied to the output layer).</summary>
    public long Parameters =>
        ((long)Vocabulary * Width) + ((long)Context * Width) + (Layers * ((12L * Width * Width) + (13L * Width))) + (2L * Width);

    /// <summary>Every problem with this shape, each naming its field.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Layers < 1)
        {
            problems.Add("layers: must be ≥ 1");
        }

        if (Width < 8)
        {
            problems.Add("width: must be ≥ 8");
        }

        if (Heads < 1 || Width % Heads != 0)
        {
            problems.Add($"heads: must divide the width ({Width})");
        }

        if (Context < 8)
        {
            problems.Add("context: must be ≥ 8");
        }

        return problems;
    }
}
