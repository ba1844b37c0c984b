using static TorchSharp.torch;

namespace DataSearch.Models;

/// <summary>
/// How examples are packed into the rows of a training batch: each token's position within its own
/// example, and which earlier tokens it may attend to (those of the same example). Padding at the end of
/// a row forms its own segment and attends only to itself.
/// </summary>
/// <param name="Positions">Position ids, (batch, time).</param>
/// <param name="AttentionBias">Added to the attention scores, (batch, 1, time, time): 0 where a query may see a key, −∞ where not.</param>
public sealed record PackedLayout(Tensor Positions, Tensor AttentionBias)
{
    /// <summary>Builds the layout from per-token segment numbers (−1 for padding) of each row.</summary>
    public static PackedLayout FromSegments(int[][] segments)
    {
        var batch = segments.Length;
        var time = segments[0].Length;
        var positions = new long[batch * time];

        // Each padding token gets a segment of its own (−1 − its index), so "same segment and not later"
        // is the whole rule; the (batch, time, time) bias is then built by torch, not element by element here.
        var owners = new long[batch * time];
        for (var b = 0; b < batch; b++)
        {
            var row = segments[b];
            var start = 0;
            for (var i = 0; i < time; i++)
            {
                if (i > 0 && row[i] != row[i - 1])
                {
                    start = i;
                }

                positions[(b * time) + i] = row[i] < 0 ? 0 : i - start;
                owners[(b * time) + i] = row[i] < 0 ? -1 - i : row[i];
            }
        }

        using var scope = NewDisposeScope();
        var owner = tensor(owners, [batch, time]);
        var sameExample = owner.unsqueeze(2).eq(owner.unsqueeze(1));
        var notLater = ones(time, time, dtype: ScalarType.Bool).tril();
        var bias = zeros(batch, 1, time, time).masked_fill_(sameExample.logical_and_(notLater).logical_not_().unsqueeze(1), float.NegativeInfinity);
        return new PackedLayout(tensor(positions, [batch, time]).MoveToOuterDisposeScope(), bias.MoveToOuterDisposeScope());
    }
}
