using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DataSearch.Errors;

namespace DataSearch.Pool.Import;

/// <summary>Typed access to the fields of one input record, rejecting it with the field's name when a field is missing or of the wrong type.</summary>
internal readonly struct JsonRecord(JsonElement root)
{
    private static readonly JsonWriterOptions CompactOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public JsonElement Root { get; } = root;

    public string RequireString(string name) =>
        OptionalString(name) ?? throw Missing(name);

    public string? OptionalString(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw WrongType(name, "a string", value);
    }

    /// <summary>A string, or a number kept as written (e.g. a numeric reference answer).</summary>
    public string? OptionalStringOrNumber(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw WrongType(name, "a string or a number", value),
        };
    }

    public JsonElement RequireArray(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Missing(name);
        }

        return value.ValueKind == JsonValueKind.Array ? value : throw WrongType(name, "an array", value);
    }

    public JsonElement? OptionalArray(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Array ? value : throw WrongType(name, "an array", value);
    }

    public IReadOnlyList<string> OptionalStringList(string name)
    {
        if (OptionalArray(name) is not { } array)
        {
            return [];
        }

        var values = new List<string>(array.GetArrayLength());
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            values.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw WrongType($"{name}[{index}]", "a string", item));
            index++;
        }

        return values;
    }

    public JsonElement? OptionalObject(string name)
    {
        if (!Root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw WrongType(name, "an object", value);
    }

    /// <summary>
    /// Builds the sample's metadata: the given metadata object (if any) followed by every top-level field
    /// the layout does not use, so that nothing the input carried is dropped. Null when there is nothing.
    /// </summary>
    public string? MetadataWithExtras(IReadOnlySet<string> knownFields, JsonElement? metadata)
    {
        var hasExtras = false;
        foreach (var property in Root.EnumerateObject())
        {
            if (!knownFields.Contains(property.Name))
            {
                hasExtras = true;
                break;
            }
        }

        if (!hasExtras)
        {
            return metadata is { } given ? Compact(given) : null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            writer.WriteStartObject();
            var written = new HashSet<string>(StringComparer.Ordinal);
            if (metadata is { } existing)
            {
                foreach (var property in existing.EnumerateObject())
                {
                    if (written.Add(property.Name))
                    {
                        property.WriteTo(writer);
                    }
                }
            }

            foreach (var property in Root.EnumerateObject())
            {
                if (!knownFields.Contains(property.Name) && written.Add(property.Name))
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static RecordRejectedException Missing(string field) =>
        new(InputProblemKind.MissingField, field, "required field is missing");

    public static RecordRejectedException WrongType(string field, string expected, JsonElement found) =>
        new(InputProblemKind.WrongType, field, $"expected {expected}, found {Describe(found.ValueKind)}");

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string Compact(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CompactOptions))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
