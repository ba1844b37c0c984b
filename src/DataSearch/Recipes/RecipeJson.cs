using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DataSearch.Recipes;

/// <summary>
/// The canonical JSON form of a recipe: keys in a fixed order (name, seed, steps; op, params), parameters
/// sorted by name, numbers in invariant culture. Equal recipes give equal bytes, so its hash identifies a
/// recipe in manifests and search logs; it reads back through <see cref="RecipeReader"/>.
/// </summary>
public static class RecipeJson
{
    /// <summary>The canonical JSON text.</summary>
    public static string Write(Recipe recipe, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (recipe.Name is not null)
            {
                writer.WriteString("name", recipe.Name);
            }

            if (recipe.Seed is { } seed)
            {
                writer.WriteNumber("seed", seed);
            }

            writer.WritePropertyName("steps");
            WriteSteps(writer, recipe.Steps);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>SHA-256 of the compact canonical JSON (steps and seed only; the name does not change the hash), 16 hex digits.</summary>
    public static string Hash(Recipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var text = Write(recipe with { Name = null, Path = null }, indented: false);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static void WriteSteps(Utf8JsonWriter writer, IReadOnlyList<RecipeStep> steps)
    {
        writer.WriteStartArray();
        foreach (var step in steps)
        {
            writer.WriteStartObject();
            writer.WriteString("op", step.Op);
            writer.WritePropertyName("params");
            writer.WriteStartObject();
            foreach (var (name, value) in step.Params.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case long or int:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float:
                writer.WriteRawValue(Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal) is var number && (number.Contains('.', StringComparison.Ordinal) || number.Contains('e', StringComparison.Ordinal)) ? number : number + ".0");
                break;
            case IReadOnlyList<IReadOnlyList<RecipeStep>> branches:
                writer.WriteStartArray();
                foreach (var branch in branches)
                {
                    WriteSteps(writer, branch);
                }

                writer.WriteEndArray();
                break;
            case IReadOnlyDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IReadOnlyDictionary<string, double> weights:
                writer.WriteStartObject();
                foreach (var (key, item) in weights.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case System.Collections.IEnumerable items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"cannot write a recipe value of type {value.GetType().Name}");
        }
    }
}
