using System.CommandLine;
using DataSearch.Errors;
using DataSearch.Pool.Import;

namespace DataSearch.Cli.Internal;

/// <summary>Options shared by the commands that read data files.</summary>
internal static class PoolOptions
{
    public static Option<string?> Format()
    {
        var option = new Option<string?>("--format")
        {
            Description = $"Force the record layout instead of detecting it: {string.Join(", ", SourceFormatNames.All)}.",
        };
        option.AcceptOnlyFromAmong([.. SourceFormatNames.All]);
        return option;
    }

    public static Option<string> OnError()
    {
        var option = new Option<string>("--on-error")
        {
            Description = "fail: report every bad record and write nothing; skip: import the good records and list the bad ones in rejects.jsonl.",
            DefaultValueFactory = _ => "fail",
        };
        option.AcceptOnlyFromAmong("fail", "skip");
        return option;
    }

    public static Option<int> MaxRecordMib()
    {
        var option = new Option<int>("--max-record-mib")
        {
            Description = $"The longest record accepted, in MiB (default {ImportOptions.DefaultMaxRecordBytes >> 20}); a longer one is reported as record_too_large with its file and line.",
            DefaultValueFactory = _ => (int)(ImportOptions.DefaultMaxRecordBytes >> 20),
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 150)
            {
                result.AddError("--max-record-mib: must be between 1 and 150 (a JSON string holds at most about 166 MB)");
            }
        });
        return option;
    }

    public static SourceFormat? ParseFormat(string? name) =>
        name is null ? null
        : SourceFormatNames.TryParse(name, out var format) ? format
        : throw new UsageException($"--format: unknown layout '{name}'; expected one of {string.Join(", ", SourceFormatNames.All)}");

    public static ErrorPolicy ParseOnError(string? name) => name switch
    {
        null or "fail" => ErrorPolicy.Fail,
        "skip" => ErrorPolicy.Skip,
        _ => throw new UsageException($"--on-error: expected fail or skip, found '{name}'"),
    };
}
