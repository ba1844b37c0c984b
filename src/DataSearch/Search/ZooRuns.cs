using System.Text.Json.Serialization;
using DataSearch.Errors;
using DataSearch.IO;
using DataSearch.Runs;

namespace DataSearch.Search;

/// <summary>
/// Zoo comparisons run one by one (<c>compare --worlds</c> with another world seed or other fine-tuning
/// seeds each time) read back from their folders and pooled, world by world, into one set of results
/// whose seeds are every run's seeds in the order given: what a headline over several fresh seeds
/// reports. Only what every run holds is pooled; the rest is named in <see cref="Left"/>.
/// </summary>
/// <param name="Worlds">Each world every run reached, with each method every run ran on it.</param>
/// <param name="Runs">The folders, in the order given, with the fine-tuning seeds each ran and whether it finished.</param>
/// <param name="Budget">The search budget, the same in every run.</param>
/// <param name="Left">What was left out and why: a world or method some run lacks, a method not rescored in every run.</param>
/// <param name="SettingDifferences">
/// Each setting in which the runs differ (from their worlds' <c>fingerprint.json</c>), as
/// "key: value in FOLDER; …": methods of one name in such runs are not quite the same method.
/// </param>
public sealed record ZooRuns(
    IReadOnlyList<(string World, IReadOnlyList<MethodResult> Results)> Worlds,
    IReadOnlyList<ZooRun> Runs,
    int Budget,
    IReadOnlyList<string> Left,
    IReadOnlyList<string> SettingDifferences)
{
    /// <summary>The zoo summary file that <c>compare --worlds</c> writes in its output folder.</summary>
    public const string SummaryFile = "zoo.json";

    /// <summary>Reads and pools the zoo comparisons in <paramref name="folders"/>.</summary>
    /// <exception cref="UsageException">No folder, a folder given twice, a folder without any world's <c>compare.json</c>, runs with different budgets, or no world common to all.</exception>
    /// <exception cref="CorruptDataException">A <c>zoo.json</c> or a world's <c>compare.json</c> that cannot be read.</exception>
    public static ZooRuns Read(IReadOnlyList<string> folders)
    {
        ArgumentNullException.ThrowIfNull(folders);
        if (folders.Count == 0)
        {
            throw new UsageException("no zoo folders given: name the output folders of `compare --worlds`");
        }

        if (folders.GroupBy(f => Path.GetFullPath(f)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new UsageException($"{twice.First()}: given twice; each run's seeds would count double");
        }

        var left = new List<string>();
        var runs = folders.Select(f => ReadRun(f, left)).ToList();
        if (runs.SelectMany(r => r.Worlds.Values).Select(c => c.Budget).Distinct().Count() > 1)
        {
            throw new UsageException($"the runs have different budgets ({string.Join(", ", runs.Select(r => $"{r.Run.Folder}: {string.Join("/", r.Worlds.Values.Select(c => c.Budget).Distinct())}"))}); pool runs of one budget");
        }

        var worlds = runs[0].Worlds.Keys.Where(w => runs.TrueForAll(r => r.Worlds.ContainsKey(w))).ToList();
        foreach (var run in runs)
        {
            if (run.Worlds.Keys.Except(worlds).ToList() is [_, ..] only)
            {
                left.Add($"world{(only.Count > 1 ? "s" : string.Empty)} {string.Join(", ", only)}: only in {run.Run.Folder}");
            }
        }

        if (worlds.Count == 0)
        {
            throw new UsageException($"no world is in every run ({string.Join("; ", runs.Select(r => $"{r.Run.Folder}: {string.Join(", ", r.Worlds.Keys)}"))})");
        }

        var pooled = new List<(string World, IReadOnlyList<MethodResult> Results)>();
        var unshared = new List<(string Methods, string World, string Folder)>();
        foreach (var world in worlds)
        {
            var perRun = runs.Select(r => (r.Run.Folder, r.Worlds[world].Methods)).ToList();
            var methods = perRun[0].Methods.Select(m => m.Method).Where(m => perRun.TrueForAll(r => r.Methods.Any(x => x.Method == m))).ToList();
            unshared.AddRange(perRun.Where(r => r.Methods.Any(m => !methods.Contains(m.Method)))
                .Select(r => (string.Join(", ", r.Methods.Select(m => m.Method).Except(methods)), world, r.Folder)));
            var results = new List<MethodResult>();
            var unrescored = new List<string>();
            foreach (var method in methods)
            {
                var found = perRun.Select(r => r.Methods.First(m => m.Method == method)).ToList();
                var rescored = found.TrueForAll(r => r.RescoredPerSeed is not null);
                if (!rescored && found.Any(r => r.RescoredPerSeed is not null))
                {
                    unrescored.Add(method);
                }

                results.Add(new MethodResult(method, [.. found.SelectMany(r => r.PerSeed)], [], new Dictionary<string, double>(), rescored ? [.. found.SelectMany(r => r.RescoredPerSeed!)] : null));
            }

            if (unrescored.Count > 0)
            {
                left.Add($"rescored scores on {world}: not in every run for {string.Join(", ", unrescored)}");
            }

            pooled.Add((world, results));
        }

        // A method only one run holds is usually missing from every world of the others: one line each.
        left.AddRange(unshared.GroupBy(u => (u.Methods, u.Folder)).Select(g =>
            $"{g.Key.Methods} on {(g.Count() == worlds.Count && worlds.Count > 1 ? "every world" : string.Join(", ", g.Select(u => u.World)))}: only in {g.Key.Folder}"));
        return new ZooRuns(pooled, [.. runs.Select(r => r.Run)], runs[0].Worlds.Values.First().Budget, left, SettingDifferencesOf([.. runs.Select(r => r.Run)]));
    }

    // The settings whose values are not the same in every run; a run without a key started before the
    // setting existed.
    private static List<string> SettingDifferencesOf(IReadOnlyList<ZooRun> runs)
    {
        var keys = runs.SelectMany(r => r.Settings.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. keys
            .Select(key => (Key: key, Values: runs.Select(r => r.Settings.GetValueOrDefault(key)).ToList()))
            .Where(k => k.Values.Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(k => $"{k.Key}: {string.Join("; ", runs.Select((r, i) => $"{k.Values[i] ?? "not a setting yet"} in {r.Folder}"))}")];
    }

    /// <summary>
    /// One run: every world folder in it that holds a comparison, in zoo.json's order when there is one,
    /// each cut to the seeds all of them (or zoo.json) count, so that every world pools the same seeds (a
    /// world may already hold a later pass's seed).
    /// </summary>
    private static (ZooRun Run, Dictionary<string, ComparisonFile> Worlds) ReadRun(string folder, List<string> left)
    {
        if (!Directory.Exists(folder))
        {
            throw new UsageException($"{folder}: no such folder");
        }

        var summaryPath = Path.Combine(folder, SummaryFile);
        var summary = File.Exists(summaryPath) ? JsonFile.Read<SummaryJson>(summaryPath, "a zoo summary") : null;
        var found = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>()
            .Where(w => File.Exists(Path.Combine(folder, w, SearchRunFolder.ComparisonName)))
            .OrderBy(w => summary?.Worlds.ToList().IndexOf(w) is >= 0 and var i ? i : int.MaxValue).ThenBy(w => w, StringComparer.Ordinal).ToList();
        if (found.Count == 0)
        {
            throw new UsageException($"{folder}: no world folder with a {SearchRunFolder.ComparisonName}; expected the output folder of `compare --worlds`");
        }

        var read = found.ToDictionary(w => w, w => ComparisonFile.Read(Path.Combine(folder, w, SearchRunFolder.ComparisonName)), StringComparer.Ordinal);
        IReadOnlyList<ulong> seeds = summary?.Seeds ?? [.. read.Values.First().Seeds.Where(seed => read.Values.All(c => c.Seeds.Contains(seed)))];
        var worlds = new Dictionary<string, ComparisonFile>(StringComparer.Ordinal);
        foreach (var (world, comparison) in read)
        {
            var path = Path.Combine(folder, world, SearchRunFolder.ComparisonName);
            var positions = seeds.Select(seed => comparison.Seeds.ToList().IndexOf(seed)).ToList();
            if (seeds.Count == 0 || positions.Contains(-1))
            {
                left.Add($"world {world} in {folder}: seeds {string.Join(", ", comparison.Seeds)}, not the run's ({string.Join(", ", seeds)})");
                continue;
            }

            // A method added to a comparison rerun later has fewer seeds than the others.
            left.AddRange(comparison.Methods.Where(m => m.PerSeed.Count != comparison.Seeds.Count).Select(m => $"{m.Method} in {path}: {m.PerSeed.Count} of {comparison.Seeds.Count} seeds"));
            worlds[world] = comparison with
            {
                Methods = [.. comparison.Methods.Where(m => m.PerSeed.Count == comparison.Seeds.Count).Select(m => m with
                {
                    PerSeed = [.. positions.Select(i => m.PerSeed[i])],
                    RescoredPerSeed = m.RescoredPerSeed is { } again && again.Count == comparison.Seeds.Count ? [.. positions.Select(i => again[i])] : null,
                })],
            };
        }

        var fingerprints = worlds.Keys.Select(w => Path.Combine(folder, w, RunFingerprint.FileName)).Where(File.Exists).Select(RunFingerprint.Read).ToList();
        return (new ZooRun(folder, seeds, summary?.Complete == true && summary.Worlds.All(worlds.ContainsKey))
        {
            // Every world of a run shares its settings but the world itself.
            Settings = fingerprints.FirstOrDefault()?.Settings.Where(s => s.Key != "world").ToDictionary(StringComparer.Ordinal) ?? [],
            Builds = [.. fingerprints.SelectMany(f => f.Builds).Distinct(StringComparer.Ordinal)],
            Machines = [.. fingerprints.SelectMany(f => f.Machines).Distinct(StringComparer.Ordinal)],
        }, worlds);
    }

    private sealed record SummaryJson(
        [property: JsonPropertyName("seeds")] IReadOnlyList<ulong> Seeds,
        [property: JsonPropertyName("complete")] bool Complete,
        [property: JsonPropertyName("worlds")] IReadOnlyList<string> Worlds);
}

/// <summary>One zoo comparison folder pooled by <see cref="ZooRuns"/>.</summary>
/// <param name="Folder">The folder as given.</param>
/// <param name="Seeds">Its fine-tuning seeds.</param>
/// <param name="Complete">Whether it had finished every world and seed when read.</param>
public sealed record ZooRun(string Folder, IReadOnlyList<ulong> Seeds, bool Complete)
{
    /// <summary>Its search settings as its first world's <c>fingerprint.json</c> records them (the world left out); empty without one.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>The builds of the tool that wrote its worlds (empty where none was recorded).</summary>
    public IReadOnlyList<string> Builds { get; init; } = [];

    /// <summary>The kinds of machine that trained for its worlds (<see cref="MachineKind"/>; empty where none was recorded).</summary>
    public IReadOnlyList<string> Machines { get; init; } = [];
}
