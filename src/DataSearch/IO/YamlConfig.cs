using System.Globalization;
using DataSearch.Errors;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DataSearch.IO;

/// <summary>
/// Reading and writing the YAML config files of runs (snake_case keys), and the environment variables
/// that override them: a missing file, a YAML error (with its line) or a malformed variable is reported
/// by name.
/// </summary>
public static class YamlConfig
{
    /// <summary>Reads <paramref name="path"/> as a <typeparamref name="T"/>; an empty file gives the defaults.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the missing-file message (e.g. "search config").</param>
    public static T Read<T>(string path, string what)
        where T : class, new()
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such {what}");
        }

        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        return YamlText.DeserializeFile<T>(deserializer, File.ReadAllText(path), path) ?? new T();
    }

    /// <summary><paramref name="value"/> as YAML with snake_case keys.</summary>
    public static string Write<T>(T value) =>
        new SerializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Serialize(value);

    /// <summary>The whole number in variable <paramref name="name"/>, or null when it is unset or empty.</summary>
    public static int? Int(Func<string, string?> environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(name) is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"{name}={text}: expected a whole number")
            : null;
    }

    /// <summary>The number in variable <paramref name="name"/>, or null when it is unset or empty.</summary>
    public static double? Double(Func<string, string?> environment, string name)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment(name) is { Length: > 0 } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"{name}={text}: expected a number")
            : null;
    }
}
