using DataSearch.Models;

namespace DataSearch.Tests.Models;

public class ExampleStreamTests
{
    private const int Row = 40;

    /// <summary>Examples of 3 to 40 tokens; each one's first token is its index, so the tests can tell them apart.</summary>
    private static List<TokenizedExample> MixedLengths(int count)
    {
        var random = new Random(11);
        return [.. Enumerable.Range(0, count).Select(i => new TokenizedExample([i, .. Enumerable.Repeat(0, random.Next(2, Row))], 1))];
    }

    private static List<List<TokenizedExample>> PackRows(ExampleStream stream, int rows) =>
        [.. Enumerable.Range(0, rows).Select(_ => stream.TakeRow(Row))];

    private static double Padding(List<List<TokenizedExample>> rows) =>
        1 - (rows.Sum(r => r.Sum(e => e.Tokens.Length)) / (double)(rows.Count * Row));

    [Fact]
    public void With_a_lookahead_of_one_rows_take_the_examples_in_stream_order()
    {
        var examples = MixedLengths(50);
        var packed = PackRows(new ExampleStream(examples, seed: 3, lookahead: 1), rows: 200).SelectMany(r => r).ToList();
        var streamOrder = new ExampleStream(examples, seed: 3, lookahead: 1);
        var expected = packed.Select(_ => streamOrder.TakeNext()).ToList();
        Assert.Equal(expected, packed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void No_example_is_left_behind_whatever_the_lookahead(int lookahead)
    {
        var examples = MixedLengths(50);
        var taken = new Dictionary<int, int>();
        var stream = new ExampleStream(examples, seed: 5, lookahead);
        foreach (var example in PackRows(stream, rows: 400).SelectMany(r => r))
        {
            taken[example.Tokens[0]] = taken.GetValueOrDefault(example.Tokens[0]) + 1;
        }

        // Every pass shuffles all fifty; one passed over waits in the look-ahead, never longer than a pass.
        var passes = taken.Values.Sum() / examples.Count;
        Assert.Equal(examples.Count, taken.Count);
        Assert.All(taken.Values, count => Assert.InRange(count, passes - 1, passes + 1));
    }

    [Fact]
    public void A_longer_lookahead_leaves_less_padding()
    {
        var examples = MixedLengths(500);
        var inOrder = Padding(PackRows(new ExampleStream(examples, seed: 7, lookahead: 1), rows: 1000));
        var lookingAhead = Padding(PackRows(new ExampleStream(examples, seed: 7, lookahead: 16), rows: 1000));
        Assert.True(lookingAhead < inOrder / 2, $"padding {inOrder:P1} in stream order, {lookingAhead:P1} looking 16 ahead");
    }

    [Fact]
    public void A_lookahead_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExampleStream(MixedLengths(3), seed: 1, lookahead: 0));
        var options = new TrainingOptions(10, 8, 1e-3, 0, 1, 1, PackingLookahead: 0);
        Assert.Contains(options.Problems(), p => p.StartsWith("packing_lookahead", StringComparison.Ordinal));
    }
}
