namespace DataSearch.Text;

/// <summary>
/// Which benchmark a text overlaps: hashed word n-grams of every benchmark item (n words, or the whole
/// item when it is shorter but has at least <c>minimum</c> words), and whole-instruction hashes of items
/// shorter than that, which match only an instruction with exactly the same words.
/// </summary>
public sealed class ContaminationIndex
{
    private readonly Dictionary<ulong, string> ngrams = [];
    private readonly Dictionary<ulong, string> wholeItems = [];
    private readonly SortedSet<int> lengths = [];

    private ContaminationIndex()
    {
    }

    /// <summary>Words per n-gram by default (the GPT-3 convention).</summary>
    public const int DefaultNgram = 13;

    /// <summary>By default, benchmark items shorter than <see cref="DefaultNgram"/> but at least this long are matched as one shorter n-gram.</summary>
    public const int DefaultMinimum = 8;

    /// <summary>Indexes the texts of <paramref name="benchmarks"/> (each named by its set).</summary>
    public static ContaminationIndex Build(IReadOnlyList<Signals.TargetSet> benchmarks, int n, int minimum)
    {
        ArgumentNullException.ThrowIfNull(benchmarks);
        var index = new ContaminationIndex();
        foreach (var benchmark in benchmarks)
        {
            foreach (var text in benchmark.Texts)
            {
                var words = WordHashes(text);
                if (words.Length < minimum)
                {
                    index.wholeItems.TryAdd(Window(words, 0, words.Length), benchmark.Name);
                    continue;
                }

                var length = Math.Min(n, words.Length);
                index.lengths.Add(length);
                foreach (var hash in Windows(words, length))
                {
                    index.ngrams.TryAdd(hash ^ (ulong)length, benchmark.Name);
                }
            }
        }

        return index;
    }

    /// <summary>The first benchmark that <paramref name="instruction"/> matches whole or <paramref name="full"/> shares an n-gram with; null when none.</summary>
    public string? Match(string instruction, string full)
    {
        if (wholeItems.Count > 0)
        {
            var instructionWords = WordHashes(instruction);
            if (wholeItems.TryGetValue(Window(instructionWords, 0, instructionWords.Length), out var whole))
            {
                return whole;
            }
        }

        if (ngrams.Count == 0)
        {
            return null;
        }

        var words = WordHashes(full);
        foreach (var length in lengths)
        {
            foreach (var hash in Windows(words, length))
            {
                if (ngrams.TryGetValue(hash ^ (ulong)length, out var benchmark))
                {
                    return benchmark;
                }
            }
        }

        return null;
    }

    /// <summary>For every sample of <paramref name="pool"/>, the first benchmark it overlaps (<see cref="Match"/>), or null; in parallel.</summary>
    public string?[] MatchAll(Pool.SamplePool pool, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var found = new string?[pool.Count];
        Parallel.For(0, pool.Count, new ParallelOptions { CancellationToken = cancellation }, i =>
            found[i] = Match(SampleText.Instruction(pool, i), SampleText.Full(pool, i)));
        return found;
    }

    /// <summary>One well-mixed 64-bit hash per word.</summary>
    private static ulong[] WordHashes(string text) => [.. WordTokens.Hashes(text).Select(Mix)];

    /// <summary>Polynomial hash of words[start..start+length): Σ wᵢ·P^(length−1−i) (mod 2⁶⁴).</summary>
    private static ulong Window(ulong[] words, int start, int length)
    {
        var h = 0UL;
        for (var i = start; i < start + length; i++)
        {
            h = (h * Base) + words[i];
        }

        return h;
    }

    /// <summary>Every window of <paramref name="length"/> words, rolled in O(1) per position.</summary>
    private static IEnumerable<ulong> Windows(ulong[] words, int length)
    {
        if (words.Length < length)
        {
            yield break;
        }

        var top = 1UL;
        for (var i = 1; i < length; i++)
        {
            top *= Base;
        }

        var h = Window(words, 0, length);
        yield return h;
        for (var start = 1; start + length <= words.Length; start++)
        {
            h = ((h - (words[start - 1] * top)) * Base) + words[start + length - 1];
            yield return h;
        }
    }

    private static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        return h ^ (h >> 33);
    }

    private const ulong Base = 0x9E3779B97F4A7C15UL;
}
