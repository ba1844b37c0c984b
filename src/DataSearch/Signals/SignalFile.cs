using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Signals;

/// <summary>
/// One cached <see cref="SignalBlock"/> on disk (<c>PROVIDER.sig</c>): a JSON header line (provider,
/// version, key, pool hash, sample count, column names and kinds, vector width), then each column as
/// little-endian float32 or int32 values, then the vectors, then an XxHash3 checksum of everything
/// before it. Written atomically.
/// </summary>
public static class SignalFile
{
    /// <summary>The file layout version.</summary>
    public const int FormatVersion = 1;

    /// <summary>The header of a signal file.</summary>
    public sealed record Header(
        [property: JsonPropertyName("format")] int Format,
        [property: JsonPropertyName("provider")] string Provider,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("key")] string Key,
        [property: JsonPropertyName("pool_hash")] string PoolHash,
        [property: JsonPropertyName("count")] int Count,
        [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
        [property: JsonPropertyName("cluster_columns")] IReadOnlyList<bool> ClusterColumns,
        [property: JsonPropertyName("vector_width")] int VectorWidth);

    /// <summary>Writes <paramref name="block"/> for the pool with hash <paramref name="poolHash"/>.</summary>
    public static void Write(string path, SignalBlock block, string poolHash, int count)
    {
        ArgumentNullException.ThrowIfNull(block);
        var header = new Header(FormatVersion, block.Provider, block.Version, block.Key, poolHash, count,
            [.. block.Columns.Select(c => c.Name)], [.. block.Columns.Select(c => c.IsCluster)], block.VectorWidth);
        AtomicFile.Write(path, stream =>
        {
            var hash = new XxHash3();
            void Put(ReadOnlySpan<byte> bytes)
            {
                hash.Append(bytes);
                stream.Write(bytes);
            }

            Put(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header) + "\n"));
            foreach (var column in block.Columns)
            {
                Put(column.IsCluster ? MemoryMarshal.AsBytes(column.Clusters.AsSpan()) : MemoryMarshal.AsBytes(column.Values.AsSpan()));
            }

            if (block.Vectors is not null)
            {
                Put(MemoryMarshal.AsBytes(block.Vectors.AsSpan()));
            }

            stream.Write(BitConverter.GetBytes(hash.GetCurrentHashAsUInt64()));
        });
    }

    /// <summary>Reads only the header, or null when the file is not a signal file this version can read.</summary>
    public static Header? ReadHeader(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var line = ReadLine(stream);
            var header = JsonSerializer.Deserialize<Header>(line);
            return header?.Format == FormatVersion ? header : null;
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Reads a whole block, verifying its checksum.</summary>
    /// <exception cref="CorruptDataException">The file is truncated or its checksum does not match.</exception>
    public static (Header Header, SignalBlock Block) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var newline = Array.IndexOf(bytes, (byte)'\n');
        if (newline < 0 || bytes.Length < newline + 9)
        {
            throw new CorruptDataException(path, "truncated signal file; delete it and run `datasearch signals compute` again");
        }

        var header = JsonSerializer.Deserialize<Header>(bytes.AsSpan(0, newline))
            ?? throw new CorruptDataException(path, "empty signal header");
        var body = bytes.AsSpan(0, bytes.Length - 8);
        if (XxHash3.HashToUInt64(body) != BitConverter.ToUInt64(bytes, bytes.Length - 8))
        {
            throw new CorruptDataException(path, "checksum mismatch; delete it and run `datasearch signals compute` again");
        }

        var expected = newline + 1 + (4L * header.Count * header.Columns.Count) + (4L * header.Count * header.VectorWidth) + 8;
        if (expected != bytes.Length)
        {
            throw new CorruptDataException(path, $"size {bytes.Length} bytes, expected {expected} for {header.Count} samples");
        }

        var offset = newline + 1;
        var columns = new List<SignalColumn>();
        for (var c = 0; c < header.Columns.Count; c++)
        {
            var span = bytes.AsSpan(offset, 4 * header.Count);
            columns.Add(header.ClusterColumns[c]
                ? SignalColumn.OfClusters(header.Columns[c], MemoryMarshal.Cast<byte, int>(span).ToArray())
                : SignalColumn.OfScores(header.Columns[c], MemoryMarshal.Cast<byte, float>(span).ToArray()));
            offset += 4 * header.Count;
        }

        var vectors = header.VectorWidth > 0 ? MemoryMarshal.Cast<byte, float>(bytes.AsSpan(offset, 4 * header.Count * header.VectorWidth)).ToArray() : null;
        return (header, new SignalBlock(header.Provider, header.Version, header.Key, columns, vectors, header.VectorWidth));
    }

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) is >= 0 and not '\n')
        {
            bytes.Add((byte)b);
            if (bytes.Count > 1 << 20)
            {
                throw new InvalidDataException("header line too long");
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
