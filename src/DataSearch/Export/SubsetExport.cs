using DataSearch.Errors;
using DataSearch.IO;
using DataSearch.Pool;

namespace DataSearch.Export;

/// <summary>
/// Writes a subset of a pool in one of the export formats: <c>llamafactory</c> (a folder: ShareGPT data,
/// <c>dataset_info.json</c>, a training YAML), <c>jsonl</c> or <c>parquet</c> (one canonical file). Used by
/// <c>datasearch export</c> and by the command and Slurm evaluators, so both write the same files.
/// </summary>
public static class SubsetExport
{
    /// <summary>The formats, as configured.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["llamafactory", "jsonl", "parquet"];

    /// <summary>
    /// Writes <paramref name="indices"/> of <paramref name="pool"/> to <paramref name="target"/> (a folder
    /// for llamafactory, which needs <paramref name="llamaFactory"/>; a file otherwise, written atomically).
    /// </summary>
    public static ExportSummary Write(string format, SamplePool pool, IReadOnlyList<int> indices, string target, LlamaFactoryOptions? llamaFactory = null)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(indices);
        switch (format)
        {
            case "llamafactory":
                return LlamaFactoryExport.Write(pool, indices, target, llamaFactory ?? throw new ArgumentNullException(nameof(llamaFactory), "the llamafactory format needs its options"));
            case "jsonl":
                AtomicFile.Write(target, stream => CanonicalJsonl.Write(pool, indices, stream));
                return new ExportSummary(indices.Count, [target], []);
            case "parquet":
                AtomicFile.Write(target, stream => CanonicalParquet.Write(pool, indices, stream));
                return new ExportSummary(indices.Count, [target], []);
            default:
                throw new UsageException($"export format '{format}' is not one of {string.Join(", ", Formats)}");
        }
    }
}
