using System.Numerics;

namespace DataSearch.Text;

/// <summary>
/// MinHash signatures over word n-gram shingles. Words are maximal runs of letters or digits,
/// lower-cased (so case, spacing and punctuation edits do not change a signature); a text shorter than
/// <see cref="NgramSize"/> words is one shingle. Each of the <see cref="Permutations"/> hash functions is
/// a seeded bijection of 32-bit shingle hashes (multiply-add then an xor-shift-multiply mix), evaluated
/// <see cref="Vector{T}.Count"/> functions at a time.
/// </summary>
public sealed class MinHasher
{
    private readonly uint[] multipliers;
    private readonly uint[] offsets;

    /// <summary>Creates a hasher.</summary>
    /// <param name="ngramSize">Words per shingle, ≥ 1.</param>
    /// <param name="permutations">Hash functions (signature length), ≥ 1.</param>
    /// <param name="seed">Seed of the hash family; signatures are comparable only under the same seed.</param>
    public MinHasher(int ngramSize, int permutations, ulong seed = 0x5EED)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ngramSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        NgramSize = ngramSize;
        Permutations = permutations;
        var padded = (permutations + Vector<uint>.Count - 1) / Vector<uint>.Count * Vector<uint>.Count;
        multipliers = new uint[padded];
        offsets = new uint[padded];
        var random = new Randomness.DeterministicRandom(seed);
        for (var i = 0; i < padded; i++)
        {
            multipliers[i] = (uint)random.NextUInt64() | 1u;
            offsets[i] = (uint)random.NextUInt64();
        }
    }

    /// <summary>Words per shingle.</summary>
    public int NgramSize { get; }

    /// <summary>Signature length.</summary>
    public int Permutations { get; }

    /// <summary>Estimated Jaccard similarity: the share of equal signature positions.</summary>
    public static double Similarity(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var equal = 0;
        for (var i = 0; i < a.Length; i++)
        {
            equal += a[i] == b[i] ? 1 : 0;
        }

        return a.Length == 0 ? 0 : (double)equal / a.Length;
    }

    /// <summary>Writes the signature of <paramref name="text"/> into <paramref name="signature"/> (length <see cref="Permutations"/>).</summary>
    public void Sign(string text, Span<uint> signature)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = WordTokens.Hashes(text);
        var padded = multipliers.Length;
        Span<uint> minimum = padded <= 1024 ? stackalloc uint[padded] : new uint[padded];
        minimum.Fill(uint.MaxValue);
        var shingles = Math.Max(1, words.Count - NgramSize + 1);
        var width = Math.Min(NgramSize, words.Count);
        for (var s = 0; s < shingles; s++)
        {
            var h = 0x9E3779B97F4A7C15UL;
            for (var w = 0; w < width; w++)
            {
                h = BitOperations.RotateLeft(h ^ words[s + w], 27) * 0xBF58476D1CE4E5B9UL;
            }

            Mix(new Vector<uint>((uint)(h ^ (h >> 32))), minimum);
        }

        minimum[..Permutations].CopyTo(signature);
    }

    private void Mix(Vector<uint> shingle, Span<uint> minimum)
    {
        var step = Vector<uint>.Count;
        var mix = new Vector<uint>(0x2C1B3C6Du);
        for (var i = 0; i < multipliers.Length; i += step)
        {
            var v = (new Vector<uint>(multipliers.AsSpan(i, step)) * shingle) + new Vector<uint>(offsets.AsSpan(i, step));
            v ^= Vector.ShiftRightLogical(v, 15);
            v *= mix;
            v ^= Vector.ShiftRightLogical(v, 13);
            var slot = minimum.Slice(i, step);
            Vector.Min(new Vector<uint>(slot), v).CopyTo(slot);
        }
    }
}
