using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataSearch.Cli.Internal;

/// <summary>How the command line writes JSON results: snake_case keys and enum names, indented.</summary>
internal static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
}
