using System.Text.Json.Serialization;
using DataSearch.IO;

namespace DataSearch.Search;

/// <summary>
/// A comparison's <c>compare.json</c> as read back (<see cref="Comparison"/> writes it): its seeds, the
/// search budget and each method's results. Read by the report and by <c>compare merge</c>.
/// </summary>
/// <param name="Seeds">The fine-tuning seeds, in the order of every method's <see cref="ComparedMethod.PerSeed"/>.</param>
/// <param name="Budget">The search budget.</param>
/// <param name="Methods">Each method's results.</param>
public sealed record ComparisonFile(
    [property: JsonPropertyName("seeds")] IReadOnlyList<ulong> Seeds,
    [property: JsonPropertyName("budget")] int Budget,
    [property: JsonPropertyName("methods")] IReadOnlyList<ComparedMethod> Methods)
{
    /// <summary>Reads <paramref name="path"/>; a file that is not a comparison result raises <see cref="Errors.CorruptDataException"/>.</summary>
    public static ComparisonFile Read(string path) => JsonFile.Read<ComparisonFile>(path, "a comparison result");
}

/// <summary>One method of a <see cref="ComparisonFile"/>.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Mean">Mean over seeds.</param>
/// <param name="Std">Standard deviation over seeds.</param>
/// <param name="PerSeed">The score of each seed.</param>
/// <param name="Curves">Best so far after each evaluation, per seed.</param>
/// <param name="Benchmarks">Each benchmark's score of its final subset, averaged over seeds.</param>
/// <param name="RescoredPerSeed">With <c>--rescore</c>, the final subset's score re-trained with a fresh seed, per seed.</param>
public sealed record ComparedMethod(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("std")] double Std,
    [property: JsonPropertyName("per_seed")] IReadOnlyList<double> PerSeed,
    [property: JsonPropertyName("curves")] IReadOnlyList<IReadOnlyList<double>> Curves,
    [property: JsonPropertyName("benchmarks")] IReadOnlyDictionary<string, double>? Benchmarks,
    [property: JsonPropertyName("rescored_per_seed")] IReadOnlyList<double>? RescoredPerSeed);
