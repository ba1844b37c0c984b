using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Pool;

/// <summary>
/// The fast-loading cache of a pool: a header, the interned name tables, then each column as raw
/// little-endian arrays, closed by an XxHash3 of everything before it. Loading is a handful of bulk
/// reads, with no parsing per sample; the text buffer, last and largest, is memory-mapped rather than
/// copied, because faulting in a fresh gigabyte of heap costs seconds where mapping cached file pages does not.
/// </summary>
internal static class PoolBinaryFormat
{
    private static ReadOnlySpan<byte> Magic => "DSPOOL\0\u0001"u8;

    /// <summary>Bumped whenever the layout changes; older caches are rebuilt from the JSONL.</summary>
    public const int LayoutVersion = 1;

    public static void Write(SamplePool pool, Stream destination)
    {
        EnsureLittleEndian();
        var columns = pool.Columns;
        var hash = new XxHash3();
        var output = new HashingWriter(destination, hash);
        output.Write(Magic);
        output.WriteInt32(LayoutVersion);
        output.WriteInt32(pool.Count);
        output.WriteInt32(pool.MessageCount);
        output.WriteInt32(columns.TagIds.Length);
        output.WriteInt32(columns.Text.Length);
        output.WriteStrings(columns.SourceNames);
        output.WriteStrings(columns.TagNames);
        output.WriteArray<TextSpan>(columns.SampleIds);
        output.WriteArray<ulong>(columns.ContentHashes);
        output.WriteArray<int>(columns.SourceIndex);
        output.WriteArray<TextSpan>(columns.Targets);
        output.WriteArray<TextSpan>(columns.Metadata);
        output.WriteArray<int>(columns.MessageStart);
        output.WriteArray<byte>(columns.Roles);
        output.WriteArray<TextSpan>(columns.Contents);
        output.WriteArray<int>(columns.TagStart);
        output.WriteArray<int>(columns.TagIds);
        output.Write(columns.Text.Span);
        destination.Write(hash.GetCurrentHash());
    }

    public static SamplePool Read(string path)
    {
        EnsureLittleEndian();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var input = new HashingReader(stream, path);
        Span<byte> magic = stackalloc byte[8];
        input.Read(magic);
        if (!magic.SequenceEqual(Magic))
        {
            throw new CorruptDataException(path, "not a DataSearch pool cache (bad magic number)");
        }

        var version = input.ReadInt32();
        if (version != LayoutVersion)
        {
            throw new CorruptDataException(path, $"pool cache layout {version}, expected {LayoutVersion}");
        }

        var count = input.ReadCount();
        var messages = input.ReadCount();
        var tagRefs = input.ReadCount();
        var textBytes = input.ReadCount();
        var sourceNames = input.ReadStrings();
        var tagNames = input.ReadStrings();
        var sampleIds = input.ReadArray<TextSpan>(count);
        var contentHashes = input.ReadArray<ulong>(count);
        var sourceIndex = input.ReadArray<int>(count);
        var targets = input.ReadArray<TextSpan>(count);
        var metadata = input.ReadArray<TextSpan>(count);
        var messageStart = input.ReadArray<int>(count + 1);
        var roles = input.ReadArray<byte>(messages);
        var contents = input.ReadArray<TextSpan>(messages);
        var tagStart = input.ReadArray<int>(count + 1);
        var tagIds = input.ReadArray<int>(tagRefs);
        var text = input.MapText(textBytes);
        input.VerifyTrailer();
        var columns = new PoolColumns(
            text.Memory,
            sampleIds,
            contentHashes,
            sourceIndex,
            targets,
            metadata,
            messageStart,
            roles,
            contents,
            tagStart,
            tagIds,
            sourceNames,
            tagNames);
        Validate(columns, path);
        return new SamplePool(columns);
    }

    /// <summary>Checks every offset against its buffer, so a damaged cache fails here and not in a recipe.</summary>
    private static void Validate(PoolColumns c, string path)
    {
        void Check(bool ok, string what)
        {
            if (!ok)
            {
                throw new CorruptDataException(path, $"inconsistent pool cache: {what}");
            }
        }

        bool InText(TextSpan s, bool allowMissing) =>
            s.IsMissing ? allowMissing : s.Start >= 0 && (long)s.Start + s.Length <= c.Text.Length;

        var count = c.SampleIds.Length;
        Check(c.MessageStart[0] == 0 && c.MessageStart[count] == c.Roles.Length, "message offsets");
        Check(c.TagStart[0] == 0 && c.TagStart[count] == c.TagIds.Length, "tag offsets");
        for (var i = 0; i < count; i++)
        {
            Check(InText(c.SampleIds[i], false) && InText(c.Targets[i], true) && InText(c.Metadata[i], true), $"text span of sample {i}");
            Check((uint)c.SourceIndex[i] < (uint)c.SourceNames.Length, $"source of sample {i}");
            Check(c.MessageStart[i] <= c.MessageStart[i + 1] && c.TagStart[i] <= c.TagStart[i + 1], $"offsets of sample {i}");
        }

        for (var m = 0; m < c.Roles.Length; m++)
        {
            Check(c.Roles[m] <= (byte)ChatRole.Tool && InText(c.Contents[m], false), $"message {m}");
        }

        foreach (var tag in c.TagIds)
        {
            Check((uint)tag < (uint)c.TagNames.Length, "tag id");
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The pool cache format is little-endian only.");
        }
    }

    private sealed class HashingWriter(Stream stream, XxHash3 hash)
    {
        public void Write(ReadOnlySpan<byte> bytes)
        {
            hash.Append(bytes);
            stream.Write(bytes);
        }

        public void WriteInt32(int value) => Write(MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in value)));

        public void WriteArray<T>(T[] values)
            where T : unmanaged => Write(MemoryMarshal.AsBytes(values.AsSpan()));

        public void WriteStrings(string[] values)
        {
            WriteInt32(values.Length);
            foreach (var value in values)
            {
                var bytes = Encoding.UTF8.GetBytes(value);
                WriteInt32(bytes.Length);
                Write(bytes);
            }
        }
    }

    private sealed class HashingReader(FileStream stream, string path)
    {
        private readonly XxHash3 hash = new();

        /// <summary>Maps the next <paramref name="length"/> bytes instead of reading them, and hashes them.</summary>
        public MappedFileMemory MapText(int length)
        {
            if (stream.Length - stream.Position < (long)length + sizeof(ulong))
            {
                throw new CorruptDataException(path, "pool cache is truncated");
            }

            var text = new MappedFileMemory(path, stream.Position, length);
            hash.Append(text.GetSpan());
            stream.Seek(length, SeekOrigin.Current);
            return text;
        }

        public void Read(Span<byte> destination)
        {
            try
            {
                stream.ReadExactly(destination);
            }
            catch (EndOfStreamException e)
            {
                throw new CorruptDataException(path, "pool cache is truncated", e);
            }

            hash.Append(destination);
        }

        public int ReadInt32()
        {
            var value = 0;
            Read(MemoryMarshal.AsBytes(new Span<int>(ref value)));
            return value;
        }

        public int ReadCount()
        {
            var value = ReadInt32();
            if (value < 0 || value > Array.MaxLength)
            {
                throw new CorruptDataException(path, $"invalid count {value} in pool cache");
            }

            return value;
        }

        public T[] ReadArray<T>(int length)
            where T : unmanaged
        {
            var remaining = stream.Length - stream.Position;
            if ((long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() > remaining)
            {
                throw new CorruptDataException(path, "pool cache is truncated");
            }

            var values = GC.AllocateUninitializedArray<T>(length);
            Read(MemoryMarshal.AsBytes(values.AsSpan()));
            return values;
        }

        public string[] ReadStrings()
        {
            var values = new string[ReadCount()];
            for (var i = 0; i < values.Length; i++)
            {
                var bytes = ReadArray<byte>(ReadCount());
                values[i] = Encoding.UTF8.GetString(bytes);
            }

            return values;
        }

        public void VerifyTrailer()
        {
            var expected = hash.GetCurrentHash();
            var actual = new byte[expected.Length];
            try
            {
                stream.ReadExactly(actual);
            }
            catch (EndOfStreamException e)
            {
                throw new CorruptDataException(path, "pool cache is truncated (no checksum)", e);
            }

            if (!actual.AsSpan().SequenceEqual(expected))
            {
                throw new CorruptDataException(path, "pool cache checksum mismatch (the file was changed or damaged)");
            }

            if (stream.Position != stream.Length)
            {
                throw new CorruptDataException(path, "unexpected bytes after the pool cache checksum");
            }
        }
    }
}
