using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace DataSearch.IO;

/// <summary>
/// A read-only region of a memory-mapped file exposed as <see cref="Memory{T}"/>. Pages are read from the
/// page cache when first touched, so opening a large pool does not copy (or even read) its text up front.
/// The mapping lives until this object is disposed: there is deliberately no finalizer, since a span
/// handed out earlier may still point into the mapping when its owner becomes unreachable (CA2015).
/// </summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile? file;
    private readonly MemoryMappedViewAccessor? view;
    private readonly byte* start;
    private readonly int length;
    private int disposed;

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="path"/> from <paramref name="offset"/>.</summary>
    public MappedFileMemory(string path, long offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        this.length = length;
        try
        {
            file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, capacity: 0, MemoryMappedFileAccess.Read);
            view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            if (offset + length > (long)view.SafeMemoryMappedViewHandle.ByteLength)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "The region runs past the end of the file.");
            }

            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            start = pointer + view.PointerOffset + offset;
        }
        catch
        {
            view?.Dispose();
            file?.Dispose();
            throw;
        }
    }

    public override Span<byte> GetSpan() => new(start, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(start + elementIndex);

    public override void Unpin()
    {
        // The mapping never moves.
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (start != null)
        {
            view!.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        view?.Dispose();
        file?.Dispose();
    }
}
