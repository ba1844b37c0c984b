using static TorchSharp.torch;

namespace DataSearch.Models;

/// <summary>Keys and values of the tokens seen so far, per layer, so that decoding one more token costs one position, not the whole prefix.</summary>
public sealed class KeyValueCache : IDisposable
{
    private readonly LayerCache[] layers;

    public KeyValueCache(int layers)
    {
        this.layers = [.. Enumerable.Range(0, layers).Select(_ => new LayerCache())];
    }

    /// <summary>Tokens cached so far.</summary>
    public long Length { get; private set; }

    public LayerCache Layer(int index) => layers[index];

    public void Advance(long tokens) => Length += tokens;

    public void Dispose()
    {
        foreach (var layer in layers)
        {
            layer.Dispose();
        }
    }
}

/// <summary>The cached keys and values of one layer: (batch, heads, time, head width).</summary>
public sealed class LayerCache : IDisposable
{
    private Tensor? keys;
    private Tensor? values;

    /// <summary>Appends the new keys and values and returns all of them.</summary>
    public (Tensor Keys, Tensor Values) Append(Tensor newKeys, Tensor newValues)
    {
        var allKeys = keys is null ? newKeys.detach() : cat([keys, newKeys], 2);
        var allValues = values is null ? newValues.detach() : cat([values, newValues], 2);
        keys?.Dispose();
        values?.Dispose();
        keys = allKeys.DetachFromDisposeScope();
        values = allValues.DetachFromDisposeScope();
        return (keys, values);
    }

    public void Dispose()
    {
        keys?.Dispose();
        values?.Dispose();
    }
}
