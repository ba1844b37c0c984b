using DataSearch.Errors;
using DataSearch.World;

namespace DataSearch.Cli.Internal;

/// <summary>
/// A named size of the demo: world, model, search budget, baselines and acquisition run chosen
/// together so the whole demo fits a machine's time. Every profile uses all cores and stays under
/// 1 GB of memory; the figures per profile are in the README.
/// </summary>
/// <param name="Name">The profile's name.</param>
/// <param name="SmallWorld">A tenth-size world (2,400 samples) instead of the default (24,000).</param>
/// <param name="Model">The embedded model profile (see <c>eval --model</c>).</param>
/// <param name="Budget">Completed evaluations the recipe search may spend.</param>
/// <param name="WarmupProbes">Of those, Latin-hypercube warm-up probes.</param>
/// <param name="Baselines">Compared with the search (see <c>datasearch compare</c>).</param>
/// <param name="Iterations">Active-data-search iterations.</param>
/// <param name="TasksPerIteration">Tasks per iteration.</param>
/// <param name="TrajectoriesPerTask">Trajectories per task per iteration.</param>
/// <param name="AcquisitionBaselines">Acquisition baselines evaluated beside the trained optimizer.</param>
internal sealed record DemoProfile(
    string Name,
    bool SmallWorld,
    string Model,
    int Budget,
    int WarmupProbes,
    IReadOnlyList<string> Baselines,
    int Iterations,
    int TasksPerIteration,
    int TrajectoriesPerTask,
    IReadOnlyList<string> AcquisitionBaselines)
{
    /// <summary>The profiles, smallest first.</summary>
    public static IReadOnlyList<DemoProfile> All { get; } =
    [
        new("quick", SmallWorld: true, Model: "quick", Budget: 4, WarmupProbes: 2, Baselines: ["full_pool", "oracle"],
            Iterations: 1, TasksPerIteration: 4, TrajectoriesPerTask: 2, AcquisitionBaselines: []),
        new("laptop", SmallWorld: false, Model: "medium", Budget: 8, WarmupProbes: 3, Baselines: ["random_top_k", "single:quality_filter", "full_pool", "oracle"],
            Iterations: 2, TasksPerIteration: 6, TrajectoriesPerTask: 3, AcquisitionBaselines: ["no_data"]),
        new("workstation", SmallWorld: false, Model: "default", Budget: 16, WarmupProbes: 4,
            Baselines: ["random_search", "random_top_k", "single:ifd_filter", "single:mona_filter", "single:varentropy_filter", "single:quality_filter", "single:semantic_dedup", "full_pool", "oracle"],
            Iterations: 3, TasksPerIteration: 8, TrajectoriesPerTask: 4, AcquisitionBaselines: ["no_data", "random", "random_plan", "call_everything", "retrieval_only"]),
    ];

    /// <summary>The profile called <paramref name="name"/>.</summary>
    public static DemoProfile Named(string name) =>
        All.FirstOrDefault(p => p.Name == name)
        ?? throw new UsageException($"--profile: unknown profile '{name}'; expected {string.Join(", ", All.Select(p => p.Name))}");

    /// <summary>The world this profile generates.</summary>
    public WorldOptions World(ulong seed) => SmallWorld ? WorldOptions.Small(seed) : WorldOptions.Default(seed);
}
