using System.Text.Json;
using DataSearch.Errors;
using DataSearch.IO;
using DataSearch.Pool.Import;

namespace DataSearch.Pool;

/// <summary>
/// Stores a pool as a folder: <c>samples.jsonl</c> (canonical JSONL, for exchange), <c>pool.bin</c> (the
/// fast-loading columnar cache) and <c>manifest.json</c>. The folder is assembled beside its destination
/// and renamed into place, so an interrupted save leaves no half-written pool.
/// </summary>
public static class PoolStore
{
    /// <summary>The canonical JSONL file of a pool folder.</summary>
    public const string SamplesFile = "samples.jsonl";

    /// <summary>The binary cache file of a pool folder.</summary>
    public const string CacheFile = "pool.bin";

    /// <summary>The manifest file of a pool folder.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The layout version of pool folders written by this code.</summary>
    public const int FormatVersion = 1;

    /// <summary>Whether <paramref name="path"/> is a folder holding a complete pool.</summary>
    public static bool IsPool(string path) => File.Exists(Path.Combine(path, ManifestFile));

    /// <summary>A pool folder's content hash from its manifest, or <c>missing</c> when it holds no pool (for run fingerprints).</summary>
    public static string ContentHash(string folder) => IsPool(folder) ? ReadManifest(folder).PoolHash : "missing";

    /// <summary>
    /// Saves <paramref name="pool"/> to the folder <paramref name="directory"/>. An existing pool there is
    /// replaced only when <paramref name="overwrite"/> is set; any other existing content is never touched.
    /// <paramref name="extraFiles"/> are written into the folder too, before the manifest completes it.
    /// </summary>
    public static PoolManifest Save(
        SamplePool pool,
        string directory,
        IReadOnlyList<ImportedFile> importedFrom,
        bool overwrite,
        IReadOnlyList<PoolExtraFile>? extraFiles = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var target = Path.GetFullPath(directory);
        CheckDestination(target, overwrite);
        var staging = AtomicFile.TemporaryPathFor(target);
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var extra in extraFiles ?? [])
            {
                AtomicFile.Write(Path.Combine(staging, extra.Name), extra.Write);
            }

            var manifest = WriteContents(pool, staging, importedFrom);
            Replace(target, staging);
            return manifest;
        }
        catch
        {
            TryDeleteDirectory(staging);
            throw;
        }
    }

    /// <summary>Reads a pool folder's manifest.</summary>
    public static PoolManifest ReadManifest(string directory)
    {
        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
        {
            throw Directory.Exists(directory)
                ? new CorruptDataException(directory, $"not a pool folder: there is no {ManifestFile} (an import may have been interrupted; run 'datasearch pool import' again)")
                : new UsageException($"{directory}: no such pool folder");
        }

        try
        {
            var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), PoolJsonContext.Default.PoolManifest)
                ?? throw new CorruptDataException(path, "the manifest is empty");
            return manifest.FormatVersion == FormatVersion
                ? manifest
                : throw new CorruptDataException(path, $"pool folder layout {manifest.FormatVersion}; this version of DataSearch reads layout {FormatVersion}");
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(path, $"unreadable manifest: {e.Message}", e);
        }
    }

    /// <summary>
    /// Opens a pool folder from its binary cache, after checking cheaply that <c>samples.jsonl</c> is still
    /// what the cache was made from: its size against the manifest, its first and last bytes against the
    /// cache's own samples, and its modification time (a file changed after the cache is hashed in full).
    /// When the cache is missing, stale or damaged it is rebuilt from <c>samples.jsonl</c>, whose hash must
    /// still match the manifest; a samples file that was changed after import is refused.
    /// </summary>
    /// <exception cref="CorruptDataException"><c>samples.jsonl</c> is missing or changed after import.</exception>
    public static OpenedPool Open(string directory)
    {
        var manifest = ReadManifest(directory);
        var samplesPath = Path.Combine(directory, SamplesFile);
        var samples = new FileInfo(samplesPath);
        if (!samples.Exists)
        {
            throw new CorruptDataException(samplesPath, "the pool's samples file is missing (restore it or import the pool again)");
        }

        if (samples.Length != manifest.SamplesBytes)
        {
            throw new CorruptDataException(samplesPath, $"is {samples.Length:N0} bytes, the manifest says {manifest.SamplesBytes:N0} (the file was changed after import; restore it or import the pool again)");
        }

        var cachePath = Path.Combine(directory, CacheFile);
        string? cacheProblem;
        if (File.Exists(cachePath))
        {
            try
            {
                var cached = PoolBinaryFormat.Read(cachePath);
                if (cached.Count != manifest.SampleCount)
                {
                    cacheProblem = $"the cache holds {cached.Count} samples, the manifest {manifest.SampleCount}";
                }
                else if (samples.LastWriteTimeUtc > File.GetLastWriteTimeUtc(cachePath))
                {
                    cacheProblem = $"{SamplesFile} is newer than the cache";
                }
                else if (!EndsMatch(cached, samplesPath))
                {
                    cacheProblem = $"the cache's first or last samples differ from {SamplesFile}";
                }
                else
                {
                    return new OpenedPool(cached, manifest, RebuiltCache: null);
                }
            }
            catch (CorruptDataException e)
            {
                cacheProblem = e.Message;
            }
        }
        else
        {
            cacheProblem = $"{CacheFile} is missing";
        }

        var pool = ReadSamples(directory, manifest);
        AtomicFile.Write(cachePath, stream => PoolBinaryFormat.Write(pool, stream));
        return new OpenedPool(pool, manifest, cacheProblem);
    }

    // The canonical JSONL of the cache's first and last samples must be the file's first and last bytes:
    // a few kilobytes read and written, where a full hash reads the whole file.
    private static bool EndsMatch(SamplePool cached, string samplesPath)
    {
        const int Enough = 4096;
        var head = new List<byte>();
        for (var i = 0; i < cached.Count && head.Count < Enough; i++)
        {
            head.AddRange(Canonical(cached, i));
        }

        var tail = new List<byte>();
        for (var i = cached.Count - 1; i >= 0 && tail.Count < Enough; i--)
        {
            tail.InsertRange(0, Canonical(cached, i));
        }

        using var file = new FileStream(samplesPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (file.Length < Math.Max(head.Count, tail.Count))
        {
            return false;
        }

        var bytes = new byte[Math.Max(head.Count, tail.Count)];
        file.ReadExactly(bytes, 0, head.Count);
        if (!bytes.AsSpan(0, head.Count).SequenceEqual(head.ToArray()))
        {
            return false;
        }

        file.Seek(-tail.Count, SeekOrigin.End);
        file.ReadExactly(bytes, 0, tail.Count);
        return bytes.AsSpan(0, tail.Count).SequenceEqual(tail.ToArray());
    }

    private static byte[] Canonical(SamplePool pool, int index)
    {
        using var buffer = new MemoryStream();
        CanonicalJsonl.Write(pool, [index], buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads <c>samples.jsonl</c> of a pool folder, checking it against the manifest's hash and count.</summary>
    public static SamplePool ReadSamples(string directory, PoolManifest manifest)
    {
        var samplesPath = Path.Combine(directory, SamplesFile);
        if (!File.Exists(samplesPath))
        {
            throw new CorruptDataException(samplesPath, "the pool's samples file is missing");
        }

        var hash = HashFile(samplesPath);
        if (!string.Equals(hash, manifest.PoolHash, StringComparison.Ordinal))
        {
            throw new CorruptDataException(samplesPath, $"content hash {hash[..12]}… does not match the manifest's {manifest.PoolHash[..Math.Min(12, manifest.PoolHash.Length)]}… (the file was changed after import)");
        }

        var result = new PoolImporter().Import([samplesPath], new ImportOptions(Format: SourceFormat.Canonical));
        return result.Pool.Count == manifest.SampleCount
            ? result.Pool
            : throw new CorruptDataException(samplesPath, $"holds {result.Pool.Count} samples, the manifest says {manifest.SampleCount}");
    }

    /// <summary>SHA-256 of a file as lower-case hex (a pool's content hash is this of its <c>samples.jsonl</c>).</summary>
    public static string HashFile(string path) => FileHash.Sha256(path);

    private static PoolManifest WriteContents(SamplePool pool, string folder, IReadOnlyList<ImportedFile> importedFrom)
    {
        var samplesPath = Path.Combine(folder, SamplesFile);
        using (var stream = new FileStream(samplesPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            CanonicalJsonl.Write(pool, stream);
            stream.Flush(flushToDisk: true);
        }

        using (var stream = new FileStream(Path.Combine(folder, CacheFile), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
        {
            PoolBinaryFormat.Write(pool, stream);
            stream.Flush(flushToDisk: true);
        }

        var counts = new int[pool.SourceNames.Count];
        for (var i = 0; i < pool.Count; i++)
        {
            counts[pool.GetSourceIndex(i)]++;
        }

        var manifest = new PoolManifest(
            FormatVersion,
            SampleIdentity.Version,
            pool.Count,
            HashFile(samplesPath),
            new FileInfo(samplesPath).Length,
            [.. pool.SourceNames.Select((name, i) => new SourceCount(name, counts[i]))],
            importedFrom);
        AtomicFile.Write(Path.Combine(folder, ManifestFile), stream =>
            JsonSerializer.Serialize(stream, manifest, PoolJsonContext.Default.PoolManifest));
        return manifest;
    }

    private static void CheckDestination(string target, bool overwrite)
    {
        if (File.Exists(target))
        {
            throw new UsageException($"{target}: is a file; the output of an import is a folder");
        }

        if (!Directory.Exists(target) || !Directory.EnumerateFileSystemEntries(target).Any())
        {
            return;
        }

        if (!IsPool(target))
        {
            throw new UsageException($"{target}: the folder exists and is not a pool; choose another output folder");
        }

        if (!overwrite)
        {
            throw new UsageException($"{target}: a pool already exists there; pass --force to replace it");
        }
    }

    private static void Replace(string target, string staging)
    {
        if (Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(target).Any())
        {
            Directory.Delete(target);
        }

        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }

        // Move the old pool aside first, so that at every moment either it or the new one is in place.
        var retired = AtomicFile.TemporaryPathFor(target + ".old");
        Directory.Move(target, retired);
        Directory.Move(staging, target);
        TryDeleteDirectory(retired);
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover staging folder is harmless; its name says what it is.
        }
    }
}
