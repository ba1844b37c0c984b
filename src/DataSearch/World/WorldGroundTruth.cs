using DataSearch.Pool;

namespace DataSearch.World;

/// <summary>
/// What only the world's maker knows: each pool sample's truth (source, skill, pathology) and the
/// reference subsets (oracle, noisy). Diagnostics and reports read it (the oracle row of a comparison,
/// <c>signals show</c>'s separations); it is not part of <see cref="Environments.IDataEnvironment"/>, and
/// the layers that select or acquire data cannot name this type.
/// </summary>
/// <param name="Truth">One entry per pool sample, in pool order.</param>
/// <param name="Subsets">Named reference subsets, as pool indices.</param>
public sealed record WorldGroundTruth(IReadOnlyList<GroundTruth> Truth, IReadOnlyDictionary<string, int[]> Subsets)
{
    /// <summary>The ground truth of a generated world.</summary>
    public static WorldGroundTruth Of(GeneratedWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        return new(world.Truth, world.Subsets);
    }

    /// <summary>The ground truth saved in a world folder, its subsets resolved against <paramref name="pool"/>.</summary>
    public static WorldGroundTruth Read(string folder, SamplePool pool)
    {
        var subsets = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var subsetFolder = Path.Combine(folder, "subsets");
        foreach (var file in Directory.Exists(subsetFolder) ? [.. Directory.GetFiles(subsetFolder, "*.ids").Order(StringComparer.Ordinal)] : Array.Empty<string>())
        {
            subsets[Path.GetFileNameWithoutExtension(file)] = SubsetFile.Read(file, pool);
        }

        return new(WorldStore.ReadGroundTruth(folder), subsets);
    }
}
