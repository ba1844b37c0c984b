using System.Buffers.Binary;
using System.Text;

namespace DataSearch.Models.Native;

/// <summary>What marking a version need weak did.</summary>
public enum WeakVersionOutcome
{
    /// <summary>The version need was found and marked weak.</summary>
    Patched,

    /// <summary>The version need was already weak; nothing was written.</summary>
    AlreadyWeak,

    /// <summary>The library does not need that version; nothing was written.</summary>
    NotNeeded,
}

/// <summary>
/// Edits the version-need table (<c>.gnu.version_r</c>) of a 64-bit little-endian ELF shared library.
/// Marking a need weak (<c>VER_FLG_WEAK</c>) makes the dynamic loader accept the library when the
/// system lacks that symbol version, which is safe only when no symbol of that version is ever called.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint SectionTypeVersionNeeds = 0x6ffffffe;
    private const ushort WeakFlag = 0x2;

    /// <summary>Lists the (file, version, weak) needs of the library's bytes.</summary>
    public static IReadOnlyList<(string File, string Version, bool Weak)> List(ReadOnlySpan<byte> elf)
    {
        var needs = new List<(string, string, bool)>();
        foreach (var (file, version, flagsOffset) in Walk(elf))
        {
            needs.Add((file, version, (BinaryPrimitives.ReadUInt16LittleEndian(elf[flagsOffset..]) & WeakFlag) != 0));
        }

        return needs;
    }

    /// <summary>
    /// Marks the need for <paramref name="version"/> weak in the file at <paramref name="path"/>. The edit
    /// is written to a temporary copy that replaces the file by rename, so a crash never leaves a torn library.
    /// </summary>
    public static WeakVersionOutcome MarkWeak(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var outcome = MarkWeak(bytes, version);
        if (outcome == WeakVersionOutcome.Patched)
        {
            DataSearch.IO.AtomicFile.Write(path, stream => stream.Write(bytes));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return outcome;
    }

    /// <summary>Marks the need for <paramref name="version"/> weak in <paramref name="elf"/>, in place.</summary>
    public static WeakVersionOutcome MarkWeak(Span<byte> elf, string version)
    {
        var outcome = WeakVersionOutcome.NotNeeded;
        foreach (var (_, name, flagsOffset) in Walk(elf))
        {
            if (name != version)
            {
                continue;
            }

            var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[flagsOffset..]);
            if ((flags & WeakFlag) != 0)
            {
                outcome = outcome == WeakVersionOutcome.Patched ? outcome : WeakVersionOutcome.AlreadyWeak;
                continue;
            }

            BinaryPrimitives.WriteUInt16LittleEndian(elf[flagsOffset..], (ushort)(flags | WeakFlag));
            outcome = WeakVersionOutcome.Patched;
        }

        return outcome;
    }

    /// <summary>Yields each version need with the file offset of its <c>vna_flags</c> field.</summary>
    private static List<(string File, string Version, int FlagsOffset)> Walk(ReadOnlySpan<byte> elf)
    {
        if (elf.Length < 64 || !elf[..4].SequenceEqual("\u007fELF"u8) || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }

        var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(elf[0x28..]));
        var sectionSize = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3A..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[0x3C..]);
        var result = new List<(string, string, int)>();
        for (var s = 0; s < sectionCount; s++)
        {
            var header = elf.Slice(sectionTable + (s * sectionSize), sectionSize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != SectionTypeVersionNeeds)
            {
                continue;
            }

            var offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]));
            var link = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]);
            var entries = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]);
            var strings = elf.Slice(sectionTable + (link * sectionSize), sectionSize);
            var stringsOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strings[0x18..]));

            var need = offset;
            for (var n = 0; n < entries; n++)
            {
                var count = BinaryPrimitives.ReadUInt16LittleEndian(elf[(need + 2)..]);
                var file = ReadString(elf, stringsOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 4)..]));
                var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 8)..]);
                for (var a = 0; a < count; a++)
                {
                    var name = ReadString(elf, stringsOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 8)..]));
                    result.Add((file, name, aux + 4));
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 12)..]);
                }

                need += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 12)..]);
            }
        }

        return result;
    }

    private static string ReadString(ReadOnlySpan<byte> elf, int offset)
    {
        var end = elf[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(offset, end));
    }
}
