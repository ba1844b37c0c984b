namespace DataSearch.Acquisition;

/// <summary>
/// The in-context use of acquired data (the ADS policy's <c>in_context_learn</c>): a reader model with a
/// longer context answers each test question with the task's acquired samples nearest to it (BM25)
/// placed before the question, and without them; no weights change at inference.
/// </summary>
public sealed record InContextSettings
{
    /// <summary>
    /// Whether runs measure in-context use after their final evaluation. Off by default: building the
    /// reader costs minutes, and the embedded reader does not yet learn to read its examples
    /// (docs/acquisition.md), so the measurement shows no gain.
    /// </summary>
    public bool Enabled { get; init; }

    /// <summary>Acquired samples placed before each question, at most (fewer when they do not fit the context).</summary>
    public int Examples { get; init; } = 4;

    /// <summary>The reader's context, in bytes: room for the examples, the question and its answer.</summary>
    public int Context { get; init; } = 128;

    /// <summary>Clean world samples the reader's reading practice is built from.</summary>
    public int ReaderSamples { get; init; } = 2000;

    /// <summary>Steps of reading practice (from the reader's own pre-trained base model).</summary>
    public int ReaderSteps { get; init; } = 1500;

    /// <summary>What is wrong with the settings, each naming its field.</summary>
    public IEnumerable<string> Problems()
    {
        if (Examples is < 1 or > 32)
        {
            yield return "in_context.examples: must be in [1, 32]";
        }

        if (Context is < 32 or > 1024)
        {
            yield return "in_context.context: must be in [32, 1024]";
        }

        if (ReaderSamples < 10)
        {
            yield return "in_context.reader_samples: must be ≥ 10";
        }

        if (ReaderSteps < 1)
        {
            yield return "in_context.reader_steps: must be ≥ 1";
        }
    }
}
