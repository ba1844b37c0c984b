using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using DataSearch.Errors;
using DataSearch.Progress;

namespace DataSearch.Pool.Import;

/// <summary>
/// Reads instruction data files (JSONL, JSON arrays, Parquet) in any supported layout into a pool. Every
/// bad record is reported with its file, line and field; <see cref="ImportOptions.OnError"/> decides
/// whether that fails the import or sets the record aside.
/// </summary>
public sealed class PoolImporter
{
    private const int ProgressEveryRecords = 4096;

    /// <summary>Imports <paramref name="paths"/> in order into one pool.</summary>
    /// <exception cref="UsageException">A file does not exist.</exception>
    /// <exception cref="InvalidInputException">Under <see cref="ErrorPolicy.Fail"/>, when any record is bad.</exception>
    public ImportResult Import(
        IReadOnlyList<string> paths,
        ImportOptions options,
        IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        if (paths.Count == 0)
        {
            throw new UsageException("no input files given");
        }

        var missing = paths.Where(p => !File.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new UsageException(string.Join(Environment.NewLine, missing.Select(p =>
                Directory.Exists(p) ? $"{p}: is a folder; give the data files inside it" : $"{p}: no such file")));
        }

        var run = new ImportRun(paths, options, progress, cancellationToken);
        var summaries = paths.Select(run.ImportFile).ToList();
        if (options.OnError == ErrorPolicy.Fail && run.Problems.Total > 0)
        {
            throw new InvalidInputException(run.Problems.Kept, run.Problems.Total);
        }

        return new ImportResult(run.Builder.Build(), summaries, run.Rejections);
    }

    /// <summary>The default source name for a file: its name without extension, prefixed by its folder when the name is only a split (gsm8k/train.jsonl → gsm8k_train).</summary>
    public static string SourceNameFor(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var extension in new[] { ".jsonl", ".json", ".parquet", ".gz" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
            }
        }

        string[] splitNames = ["train", "test", "dev", "val", "valid", "validation", "data", "dataset"];
        if (splitNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
            if (!string.IsNullOrEmpty(folder))
            {
                return $"{folder}_{name}";
            }
        }

        return name;
    }

    /// <summary>The state of one import call.</summary>
    private sealed class ImportRun(IReadOnlyList<string> paths, ImportOptions options, IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        private readonly long totalBytes = paths.Sum(p => new FileInfo(p).Length);
        private readonly List<(int File, long Line)> origins = [];
        private long bytesBefore;
        private long bytesInFile;
        private string currentStage = "import";

        // A JSON string is at least as long as its UTF-8 text, so the files' sizes nearly always bound the
        // pool's text; text past them (re-serialised metadata, joined fields, compressed Parquet, which is
        // not counted) goes to further chunks, joined as without the hint.
        public PoolBuilder Builder { get; } = new(paths.Where(p => InputFileKinds.Of(p) != InputFileKind.Parquet).Sum(p => new FileInfo(p).Length));

        public ProblemCollector Problems { get; } = new(options.MaxProblemsKept);

        public List<Rejection> Rejections { get; } = [];

        public FileImportSummary ImportFile(string path, int fileIndex)
        {
            currentStage = $"import {Path.GetFileName(path)}";
            var length = new FileInfo(path).Length;
            var format = options.Format;
            var detected = false;
            var formatFailed = false;
            IRecordConverter? converter = format is { } forced ? RecordConverters.For(forced) : null;
            var sourceName = options.SourceName ?? SourceNameFor(path);
            long records = 0;
            long imported = 0;
            long rejected = 0;
            foreach (var raw in ReadRecords(path))
            {
                cancellationToken.ThrowIfCancellationRequested();
                records++;
                if (records % ProgressEveryRecords == 0)
                {
                    Report();
                }

                if (raw.OversizeLength > 0 || raw.Bytes.Length > options.MaxRecordBytes)
                {
                    var size = Math.Max(raw.OversizeLength, raw.Bytes.Length);
                    Reject(raw with { Bytes = ReadOnlyMemory<byte>.Empty }, new InputProblem(InputProblemKind.RecordTooLarge, new InputLocation(path, raw.Line),
                        $"record of {Megabytes(size)} is longer than the limit of {Megabytes(options.MaxRecordBytes)} (--max-record-mib); split it or raise the limit"));
                    rejected++;
                    continue;
                }

                if (raw.UnreadableReason is { } reason)
                {
                    Reject(raw, new InputProblem(InputProblemKind.MalformedJson, new InputLocation(path, raw.Line), reason));
                    rejected++;
                    continue;
                }

                if (!Utf8.IsValid(raw.Bytes.Span))
                {
                    Reject(raw, new InputProblem(InputProblemKind.InvalidUtf8, new InputLocation(path, raw.Line), $"invalid UTF-8 at byte {FirstInvalidUtf8(raw.Bytes.Span) + 1} of the record"));
                    rejected++;
                    continue;
                }

                try
                {
                    using var document = JsonDocument.Parse(raw.Bytes);
                    var root = document.RootElement;
                    if (root.ValueKind != JsonValueKind.Object)
                    {
                        throw new RecordRejectedException(InputProblemKind.WrongType, null, $"expected a JSON object per record, found {JsonRecord.Describe(root.ValueKind)}");
                    }

                    if (converter is null && !formatFailed)
                    {
                        if (FormatDetector.Detect(root) is { } found)
                        {
                            converter = RecordConverters.For(found);
                            format = found;
                            detected = true;
                        }
                        else
                        {
                            formatFailed = true;
                        }
                    }

                    if (converter is null)
                    {
                        var keys = string.Join(", ", root.EnumerateObject().Select(p => p.Name));
                        throw new RecordRejectedException(
                            InputProblemKind.UnknownFormat,
                            null,
                            $"cannot tell the layout of this file from its first record (fields: {keys}); expected {FormatDetector.Expectations}, or pass --format");
                    }

                    var record = converter.Convert(root);
                    var source = options.SourceName ?? record.SourceName ?? sourceName;
                    if (!Builder.TryAdd(record.SampleId, record.Messages, source, record.Target, record.Tags, record.MetadataJson, out var id, out var first))
                    {
                        var (firstFile, firstLine) = origins[first];
                        throw new RecordRejectedException(
                            InputProblemKind.DuplicateId,
                            "sample_id",
                            $"duplicate sample_id '{id}' (first used at {new InputLocation(paths[firstFile], firstLine)})");
                    }

                    origins.Add((fileIndex, raw.Line));
                    imported++;
                }
                catch (JsonException e)
                {
                    var column = e.BytePositionInLine is { } position ? $" at byte {position + 1}" : string.Empty;
                    Reject(raw, new InputProblem(InputProblemKind.MalformedJson, new InputLocation(path, raw.Line), $"malformed JSON{column}: {JsonMessages.WithoutPosition(e.Message)}"));
                    rejected++;
                }
                catch (RecordRejectedException e)
                {
                    var location = new InputLocation(path, raw.Line, e.Field);
                    var formatNote = format is { } f && e.Kind is InputProblemKind.MissingField or InputProblemKind.WrongType
                        ? $" (layout {SourceFormatNames.Of(f)}{(detected ? ", detected from the first record" : string.Empty)})"
                        : string.Empty;
                    Reject(raw, new InputProblem(e.Kind, location, e.Message + formatNote));
                    rejected++;
                }
            }

            bytesBefore += length;
            bytesInFile = 0;
            Report();
            return new FileImportSummary(path, format, detected, records, imported, rejected, length);
        }

        private IEnumerable<RawRecord> ReadRecords(string path)
        {
            var kind = InputFileKinds.Of(path);
            switch (kind)
            {
                case InputFileKind.Parquet:
                    return ParquetRecordReader.Read(path);
                case InputFileKind.JsonDocument:
                    return JsonArrayRecordReader.Read(File.ReadAllBytes(path));
                default:
                    return ReadJsonl(path);
            }
        }

        private IEnumerable<RawRecord> ReadJsonl(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            foreach (var record in JsonlRecordReader.Read(stream, consumed => bytesInFile = consumed, options.MaxRecordBytes))
            {
                yield return record;
            }
        }

        private void Reject(RawRecord raw, InputProblem problem)
        {
            Problems.Add(problem);
            if (options.OnError == ErrorPolicy.Skip)
            {
                // The reader reuses its buffer, so the rejected bytes are copied.
                Rejections.Add(new Rejection(problem, raw.Bytes.ToArray()));
            }
        }

        private void Report() =>
            progress?.Report(new ProgressReport(currentStage, bytesBefore + bytesInFile, totalBytes, "bytes"));
    }

    private static string Megabytes(long bytes) =>
        bytes >= 1 << 20 ? FormattableString.Invariant($"{bytes / 1048576.0:0.#} MiB") : FormattableString.Invariant($"{bytes:N0} bytes");

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
