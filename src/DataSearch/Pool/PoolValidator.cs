using System.Security.Cryptography;
using DataSearch.Errors;
using DataSearch.Pool.Import;

namespace DataSearch.Pool;

/// <summary>One check of a pool folder and its outcome.</summary>
/// <param name="Name">What was checked.</param>
/// <param name="Passed">Whether it held.</param>
/// <param name="Detail">What was found.</param>
public sealed record ValidationCheck(string Name, bool Passed, string Detail);

/// <summary>
/// Checks a pool folder end to end: the manifest, the JSONL against its recorded hash, every record
/// against the canonical schema, the binary cache against the JSONL (byte for byte, by re-serialising
/// it), unique ids and the per-source counts.
/// </summary>
public static class PoolValidator
{
    /// <summary>Runs every check that the earlier ones make possible, and returns them all.</summary>
    public static IReadOnlyList<ValidationCheck> Validate(string directory, IProgress<Progress.ProgressReport>? progress = null, CancellationToken cancellationToken = default)
    {
        var checks = new List<ValidationCheck>();
        PoolManifest manifest;
        try
        {
            manifest = PoolStore.ReadManifest(directory);
            checks.Add(new ValidationCheck("manifest", true, $"layout {manifest.FormatVersion}, {manifest.SampleCount:N0} samples"));
        }
        catch (DataSearchException e)
        {
            checks.Add(new ValidationCheck("manifest", false, e.Message));
            return checks;
        }

        var samplesPath = Path.Combine(directory, PoolStore.SamplesFile);
        if (!File.Exists(samplesPath))
        {
            checks.Add(new ValidationCheck("samples file", false, $"{samplesPath} is missing"));
            return checks;
        }

        var hash = PoolStore.HashFile(samplesPath);
        checks.Add(new ValidationCheck(
            "samples hash",
            hash == manifest.PoolHash,
            hash == manifest.PoolHash ? $"sha256 {hash[..16]}… matches the manifest" : $"sha256 {hash[..16]}… but the manifest records {manifest.PoolHash}"));

        var import = new PoolImporter().Import(
            [samplesPath],
            new ImportOptions(Format: SourceFormat.Canonical, OnError: ErrorPolicy.Skip),
            progress,
            cancellationToken);
        var problems = import.Rejections;
        checks.Add(new ValidationCheck(
            "records",
            problems.Count == 0 && import.Pool.Count == manifest.SampleCount,
            problems.Count == 0
                ? $"{import.Pool.Count:N0} canonical records (manifest: {manifest.SampleCount:N0})"
                : string.Join(Environment.NewLine, problems.Take(20).Select(r => r.Problem.ToString()))));

        var cachePath = Path.Combine(directory, PoolStore.CacheFile);
        try
        {
            var cached = PoolBinaryFormat.Read(cachePath);
            var cachedHash = HashOfCanonicalJsonl(cached);
            checks.Add(new ValidationCheck(
                "binary cache",
                cachedHash == hash,
                cachedHash == hash ? "re-serialises to the same bytes as samples.jsonl" : "differs from samples.jsonl (rebuild it by deleting pool.bin)"));
        }
        catch (Exception e) when (e is CorruptDataException or IOException)
        {
            checks.Add(new ValidationCheck("binary cache", false, e.Message));
        }

        var duplicates = PoolStatistics.Compute(import.Pool);
        checks.Add(new ValidationCheck("unique ids", duplicates.DuplicateIds == 0, $"{duplicates.DuplicateIds:N0} duplicate id(s)"));
        var counted = duplicates.Sources.Select(s => new SourceCount(s.Name, s.Samples)).ToList();
        var sourcesMatch = counted.SequenceEqual(manifest.Sources);
        checks.Add(new ValidationCheck(
            "source counts",
            sourcesMatch,
            string.Join(", ", counted.Select(s => $"{s.Name}: {s.Samples:N0}")) + (sourcesMatch ? string.Empty : " (the manifest says otherwise)")));
        return checks;
    }

    private static string HashOfCanonicalJsonl(SamplePool pool)
    {
        using var sha = SHA256.Create();
        using (var stream = new CryptoStream(Stream.Null, sha, CryptoStreamMode.Write))
        {
            CanonicalJsonl.Write(pool, stream);
        }

        return Convert.ToHexStringLower(sha.Hash!);
    }
}
