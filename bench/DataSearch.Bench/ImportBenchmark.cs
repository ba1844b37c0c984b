using System.Text.Json;
using DataSearch.Pool.Import;

namespace DataSearch.Bench;

/// <summary>
/// Import throughput on one core. Baselines measured in the same run: reading the file's bytes and
/// splitting them into lines, and parsing each line with JsonDocument without building anything. Each
/// path's first call in the process is reported as cold (what `pool import` pays), the median of the
/// repetitions after it as warm; the import runs first, as it does in a fresh command.
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

        var samples = 0;
        var import = BenchRunner.ColdAndWarmSeconds(Repetitions, () =>
            samples = new PoolImporter().Import([path], new ImportOptions()).Pool.Count);
        var lines = BenchRunner.ColdAndWarmSeconds(Repetitions, () => SplitLines(path));
        var parse = BenchRunner.ColdAndWarmSeconds(Repetitions, () => ParseLines(path));

        Console.WriteLine($"### Import of `{Path.GetFileName(path)}` ({BenchRunner.F(megabytes, "0.0")} MB, {samples:N0} samples), one thread; cold = first call in the process, warm = median of {Repetitions} more");
        Console.WriteLine();
        Console.WriteLine("| step | cold s | warm s | warm MB/s | warm, vs. import |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        Row("read + split lines (baseline)", lines, megabytes, import.Warm);
        Row("+ JsonDocument.Parse per line (baseline)", parse, megabytes, import.Warm);
        Row("**full import** (parse, validate, hash, build columns)", import, megabytes, import.Warm);
        Console.WriteLine();
        return 0;
    }

    private static void Row(string name, (double Cold, double Warm) seconds, double megabytes, double import) =>
        Console.WriteLine($"| {name} | {BenchRunner.F(seconds.Cold, "0.000")} | {BenchRunner.F(seconds.Warm, "0.000")} | {BenchRunner.F(megabytes / seconds.Warm, "0")} | {BenchRunner.F(import / seconds.Warm, "0.00")}× |");

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
