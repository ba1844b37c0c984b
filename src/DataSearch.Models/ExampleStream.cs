using DataSearch.Randomness;

namespace DataSearch.Models;

/// <summary>
/// Training examples in shuffled passes, endlessly, as the packer takes them: a row starts with the
/// oldest example not yet taken, and each further place in it goes to the first of the next
/// <c>lookahead</c> examples that fits the room left. With a look-ahead of 1 the examples are taken in
/// stream order and a row ends at the first one that does not fit; a longer look-ahead fills rows with
/// less padding, at the price of taking some examples a little out of order (none is skipped: the one
/// passed over starts a later row).
/// </summary>
internal sealed class ExampleStream
{
    private readonly IReadOnlyList<TokenizedExample> examples;
    private readonly DeterministicRandom random;
    private readonly int[] order;
    private readonly List<TokenizedExample> ahead;
    private readonly int lookahead;
    private int next;

    public ExampleStream(IReadOnlyList<TokenizedExample> examples, ulong seed, int lookahead)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookahead, 1);
        this.examples = examples;
        random = new DeterministicRandom(seed);
        order = [.. Enumerable.Range(0, examples.Count)];
        next = order.Length;
        this.lookahead = lookahead;
        ahead = new List<TokenizedExample>(lookahead);
    }

    /// <summary>The first of the next look-ahead examples with at most <paramref name="room"/> tokens, taken from the stream; null when none fits.</summary>
    public TokenizedExample? TakeFitting(int room)
    {
        while (ahead.Count < lookahead)
        {
            ahead.Add(Draw());
        }

        var index = ahead.FindIndex(e => e.Tokens.Length <= room);
        if (index < 0)
        {
            return null;
        }

        var example = ahead[index];
        ahead.RemoveAt(index);
        return example;
    }

    /// <summary>The oldest example not yet taken, whatever its length (the start of a row).</summary>
    public TokenizedExample TakeNext() => TakeFitting(int.MaxValue)!;

    /// <summary>
    /// The examples of the next row of <paramref name="length"/> tokens, in the order they fill it: the
    /// oldest example (which the caller cuts to the row when longer), then whatever fits the room left.
    /// </summary>
    public List<TokenizedExample> TakeRow(int length)
    {
        var row = new List<TokenizedExample> { TakeNext() };
        var used = Math.Min(row[0].Tokens.Length, length);
        while (used < length && TakeFitting(length - used) is { } example)
        {
            row.Add(example);
            used += example.Tokens.Length;
        }

        return row;
    }

    private TokenizedExample Draw()
    {
        if (next == order.Length)
        {
            random.Shuffle(order);
            next = 0;
        }

        return examples[order[next++]];
    }
}
