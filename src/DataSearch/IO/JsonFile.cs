using System.Text.Json;
using DataSearch.Errors;

namespace DataSearch.IO;

/// <summary>Reads one JSON document from a file into a type, or says plainly that the file is not what was expected.</summary>
public static class JsonFile
{
    /// <summary>
    /// <paramref name="path"/> read as <typeparamref name="T"/>; a file that is not JSON, does not fit the
    /// type or holds <c>null</c> raises <see cref="CorruptDataException"/> "not <paramref name="what"/> (why)".
    /// </summary>
    public static T Read<T>(string path, string what, JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options) ?? throw new JsonException("empty file");
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(path, $"not {what} ({e.Message})");
        }
    }
}
