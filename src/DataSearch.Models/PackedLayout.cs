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
        var bias = new float[batch * time * time];
        Array.Fill(bias, float.NegativeInfinity);
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
                var offset = ((b * time) + i) * time;
                if (row[i] < 0)
                {
                    bias[offset + i] = 0;
                    continue;
                }

                for (var j = start; j <= i; j++)
                {
                    bias[offset + j] = 0;
                }
            }
        }

        return new PackedLayout(tensor(positions, [batch, time]), tensor(bias, [batch, 1, time, time]));
    }
}
