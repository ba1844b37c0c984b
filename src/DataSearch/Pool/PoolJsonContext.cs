using System.Text.Json.Serialization;

namespace DataSearch.Pool;

/// <summary>Source-generated JSON metadata for the pool's own files (snake_case keys, indented).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PoolManifest))]
internal sealed partial class PoolJsonContext : JsonSerializerContext;
