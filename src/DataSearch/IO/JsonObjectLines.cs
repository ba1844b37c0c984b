using System.Text.Json;
using DataSearch.Errors;

namespace DataSearch.IO;

/// <summary>
/// The records of a JSON Lines file that someone else wrote (a benchmark, a corpus, an engine's answers):
/// one JSON object per line, blank lines skipped, read lazily. A line that is not JSON, or not an object,
/// is an error naming the file and line.
/// </summary>
public static class JsonObjectLines
{
    /// <summary>Each object with its 1-based line number.</summary>
    /// <exception cref="InvalidInputException">A line is not a JSON object.</exception>
    public static IEnumerable<(int Line, JsonElement Root)> Read(string path)
    {
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(text);
                root = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidInputException(new InputProblem(InputProblemKind.MalformedJson, new InputLocation(path, number), $"not JSON: {e.Message}"));
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException(new InputProblem(InputProblemKind.WrongType, new InputLocation(path, number), $"expected a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}"));
            }

            yield return (number, root);
        }
    }
}
