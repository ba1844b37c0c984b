using System.Text;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Pool;

/// <summary>
/// A subset of a pool on disk: one sample id per line, in pool order (<c>.ids</c> files). Reading
/// checks every id against the pool and reports unknown or repeated ids with their line.
/// </summary>
public static class SubsetFile
{
    /// <summary>Writes the ids of <paramref name="indices"/> (sorted into pool order) atomically.</summary>
    public static void Write(string path, SamplePool pool, IEnumerable<int> indices)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var text = new StringBuilder();
        foreach (var index in indices.Order())
        {
            text.Append(pool.GetSampleId(index)).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    /// <summary>Reads a subset file as indices into <paramref name="pool"/>, in pool order.</summary>
    /// <exception cref="InvalidInputException">An id is not in the pool, or is listed twice.</exception>
    public static int[] Read(string path, SamplePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: no such subset file");
        }

        var problems = new List<InputProblem>();
        var seen = new HashSet<int>();
        var line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            var id = raw.Trim();
            if (id.Length == 0 || id.StartsWith('#'))
            {
                continue;
            }

            if (!pool.TryGetIndex(id, out var index))
            {
                problems.Add(new InputProblem(InputProblemKind.UnknownId, new InputLocation(path, line), $"sample id '{id}' is not in the pool"));
            }
            else if (!seen.Add(index))
            {
                problems.Add(new InputProblem(InputProblemKind.DuplicateId, new InputLocation(path, line), $"sample id '{id}' is listed twice"));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidInputException([.. problems.Take(100)], problems.Count);
        }

        return [.. seen.Order()];
    }
}
