using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.IO;
using DataSearch.Pool;
using DataSearch.Signals;

namespace DataSearch.Recipes;

/// <summary>
/// The output folder of <c>datasearch recipe run</c>: <c>subset.ids</c> (the selected ids in pool order),
/// <c>recipe.json</c> (canonical), <c>trace.json</c> (one entry per step), <c>state_vector.json</c> and,
/// written last, <c>manifest.json</c> (hashes of the recipe, pool and subset, signal versions; no times, so equal runs give equal bytes). Every
/// file is written atomically and an old manifest is removed first, so a folder with a manifest is
/// always complete and consistent.
/// </summary>
public static class RecipeRunFolder
{
    /// <summary>The subset file's name.</summary>
    public const string SubsetFileName = "subset.ids";

    /// <summary>The manifest of a recipe run.</summary>
    public sealed record Manifest(
        [property: JsonPropertyName("recipe_name")] string? RecipeName,
        [property: JsonPropertyName("recipe_hash")] string RecipeHash,
        [property: JsonPropertyName("seed")] ulong Seed,
        [property: JsonPropertyName("pool_hash")] string PoolHash,
        [property: JsonPropertyName("pool_samples")] int PoolSamples,
        [property: JsonPropertyName("subset_samples")] int SubsetSamples,
        [property: JsonPropertyName("subset_sha256")] string SubsetSha256,
        [property: JsonPropertyName("signal_versions")] IReadOnlyDictionary<string, string> SignalVersions);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the folder and returns its manifest.</summary>
    public static Manifest Write(string folder, Recipe recipe, RecipeResult result, SamplePool pool, string poolHash, SignalSet signals, StateVector state)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(state);
        Directory.CreateDirectory(folder);
        var manifestPath = Path.Combine(folder, "manifest.json");
        File.Delete(manifestPath);
        var subsetPath = Path.Combine(folder, SubsetFileName);
        SubsetFile.Write(subsetPath, pool, result.Selection.ToArray());
        AtomicFile.WriteAllText(Path.Combine(folder, "recipe.json"), RecipeJson.Write(recipe) + "\n");
        WriteTrace(Path.Combine(folder, "trace.json"), result.Trace);
        AtomicFile.WriteAllText(Path.Combine(folder, "state_vector.json"), JsonSerializer.Serialize(state.Components.ToDictionary(c => c.Key, c => c.Value), Json) + "\n");
        var manifest = new Manifest(
            recipe.Name,
            RecipeJson.Hash(recipe),
            recipe.Seed ?? 0,
            poolHash,
            pool.Count,
            result.Selection.Count,
            FileHash.Sha256(subsetPath),
            signals.Versions());
        AtomicFile.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest, Json) + "\n");
        return manifest;
    }

    /// <summary>Writes a recipe's per-step trace (as in <c>trace.json</c>) atomically.</summary>
    public static void WriteTrace(string path, IReadOnlyList<StepTrace> trace) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(trace, Json) + "\n");

    /// <summary>Reads a trace written by <see cref="WriteTrace"/>; details come back as JSON values.</summary>
    public static IReadOnlyList<StepTrace> ReadTrace(string path) =>
        JsonSerializer.Deserialize<List<StepTrace>>(File.ReadAllText(path), Json) ?? [];
}
