using System.Text.Json;
using DataSearch.Pool.Import;

namespace DataSearch.Bench;

/// <summary>
/// Import throughput on one core. Baselines measured in the same run: reading the file's bytes and
/// splitting them into lines, and parsing each line with JsonDocument without building anything.
/// </summary>
internal static class ImportBenchmark
{
    private const int Repetitions = 5;

    public static int Run(string[] args)
    {
        var path = BenchRunner.InputFile(args);
        if (path is null || !File.Exists(path))
        {
            Console.Error.WriteLine("import: no input (give a FILE, or put the public data in ../shared/data)");
            return 1;
        }

        var megabytes = new FileInfo(path).Length / 1e6;

        // One discarded warm-up import: the first touch of fresh heap memory is slow on virtual machines.
        new PoolImporter().Import([path], new ImportOptions());
        var lines = BenchRunner.MedianSeconds(Repetitions, () => SplitLines(path));
        var parse = BenchRunner.MedianSeconds(Repetitions, () => ParseLines(path));
        var samples = 0;
        var import = BenchRunner.MedianSeconds(Repetitions, () =>
            samples = new PoolImporter().Import([path], new ImportOptions()).Pool.Count);

        Console.WriteLine($"### Import of `{Path.GetFileName(path)}` ({BenchRunner.F(megabytes, "0.0")} MB, {samples:N0} samples), one thread, median of {Repetitions} after a warm-up");
        Console.WriteLine();
        Console.WriteLine("| step | seconds | MB/s | vs. import |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Row("read + split lines (baseline)", lines, megabytes, import);
        Row("+ JsonDocument.Parse per line (baseline)", parse, megabytes, import);
        Row("**full import** (parse, validate, hash, build columns)", import, megabytes, import);
        Console.WriteLine();
        return 0;
    }

    private static void Row(string name, double seconds, double megabytes, double import) =>
        Console.WriteLine($"| {name} | {BenchRunner.F(seconds, "0.000")} | {BenchRunner.F(megabytes / seconds, "0")} | {BenchRunner.F(import / seconds, "0.00")}× |");

    private static long SplitLines(string path)
    {
        using var stream = File.OpenRead(path);
        long count = 0;
        foreach (var _ in JsonlRecordReader.Read(stream))
        {
            count++;
        }

        return count;
    }

    private static long ParseLines(string path)
    {
        using var stream = File.OpenRead(path);
        long count = 0;
        foreach (var record in JsonlRecordReader.Read(stream))
        {
            using var document = JsonDocument.Parse(record.Bytes);
            count += document.RootElement.GetPropertyCount();
        }

        return count;
    }
}
