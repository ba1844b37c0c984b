using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Runs;

/// <summary>
/// What a run's results depend on, written to <c>fingerprint.json</c> when the run starts: every setting
/// (flattened to <c>key.sub_key → value</c>) and a content hash of each data input (pool, world,
/// benchmarks, targets, corpus). A resumed run recomputes it and is refused when anything differs, so
/// scores from two models, seeds or pools never end up in one run. Only the budget settings named when
/// it is made may change between starts.
/// </summary>
/// <param name="Settings">Every setting but the budget ones, by snake_case path.</param>
/// <param name="Data">A content hash per data input, by name.</param>
public sealed record RunFingerprint(SortedDictionary<string, string> Settings, SortedDictionary<string, string> Data)
{
    /// <summary>The file in a run folder.</summary>
    public const string FileName = "fingerprint.json";

    // Relaxed escaping keeps the file readable (a build's "+", a setting's quotes); it is never embedded in HTML.
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The fingerprint of <paramref name="settings"/> (all but <paramref name="budgetKeys"/>) and
    /// <paramref name="data"/>. <paramref name="unread"/> names settings (a key, or a block and
    /// everything under it) that cannot change this run's results, e.g. a command evaluator's working
    /// directory when the evaluator is embedded: they are left out, and ignored in a fingerprint
    /// written before, so a run folder moved elsewhere still resumes.
    /// </summary>
    public static RunFingerprint Of<T>(T settings, IReadOnlyCollection<string> budgetKeys, IReadOnlyDictionary<string, string> data, IReadOnlyCollection<string>? unread = null)
    {
        ArgumentNullException.ThrowIfNull(budgetKeys);
        ArgumentNullException.ThrowIfNull(data);
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(JsonSerializer.SerializeToNode(settings, Json), string.Empty, flat);
        var ignored = unread ?? [];
        foreach (var key in budgetKeys.Concat(flat.Keys.Where(k => Covers(ignored, k))).ToList())
        {
            flat.Remove(key);
        }

        return new RunFingerprint(flat, new SortedDictionary<string, string>(data.ToDictionary(), StringComparer.Ordinal)) { Defaults = DefaultsOf<T>(), Unread = ignored, Builds = [CurrentBuild], Machines = [MachineKind.Current] };
    }

    /// <summary>
    /// This build of the tool: its version and the commit it was built from (e.g. <c>1.0.0+99b57ba…</c>),
    /// as the library's informational version says.
    /// </summary>
    public static string CurrentBuild { get; } =
        typeof(RunFingerprint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// The builds of the tool that have written to the run, in the order they first did (empty in a
    /// fingerprint written before builds were recorded). Not part of <see cref="Differences"/>: most changes
    /// to the tool leave scores alone, so another build is named, never refused.
    /// </summary>
    public IReadOnlyList<string> Builds { get; init; } = [];

    /// <summary>
    /// The kinds of machine (<see cref="MachineKind"/>) that have trained for the run, in the order they
    /// first did (empty in a fingerprint written before machines were recorded). Not part of
    /// <see cref="Differences"/>: another kind may train the same seed to other scores, within seed spread of the
    /// first, so it is named, never refused.
    /// </summary>
    public IReadOnlyList<string> Machines { get; init; } = [];

    /// <summary>
    /// The flattened settings of a default settings object (null when its type has no parameterless
    /// constructor): a setting added to the tool after a run started is no change when it has its default.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SortedDictionary<string, string>? Defaults { get; init; }

    /// <summary>The settings left out as unread by this run (see <see cref="Of"/>); not written.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyCollection<string> Unread { get; init; } = [];

    /// <summary>
    /// Checks <paramref name="current"/> against the run folder's fingerprint: writes it when the folder has
    /// none (a new run, or one started before fingerprints existed, which is then reported through
    /// <paramref name="note"/>), and refuses any difference, naming each changed setting and input.
    /// </summary>
    /// <exception cref="UsageException">A setting or data input differs from the run's start.</exception>
    public static void CheckOrWrite(string runFolder, RunFingerprint current, bool resuming, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        var path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path))
        {
            if (resuming)
            {
                note?.Invoke($"{runFolder}: started before runs kept a {FileName}; the settings and data it resumes with are recorded now and checked from here on");
            }

            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(current, Json) + "\n");
            return;
        }

        var saved = Read(path);
        var changes = saved.Differences(current);
        if (changes.Count > 0)
        {
            throw new UsageException(
                $"{runFolder}: cannot continue this run: {string.Join("; ", changes)}. Its results so far were made with the first; " +
                "restore them (config.yaml, the data folders), or start a new run with --config FILE -o NEW_FOLDER");
        }

        // Settings the tool gained since the run started are no change at their defaults, but a default
        // can change behaviour (a new probe, say): say so once, and record them so they are checked from here on.
        var added = saved.AddedSince(current);
        var settings = new SortedDictionary<string, string>(saved.Settings, StringComparer.Ordinal);
        if (added.Count > 0)
        {
            note?.Invoke($"{runFolder}: settings added to the tool since this run started apply at their defaults from here on ({string.Join(", ", added.Select(a => $"{a.Key} = {a.Value}"))}); the evaluations before this resume may have been made without them");
            foreach (var (key, value) in added)
            {
                settings[key] = value;
            }
        }

        // Another build may train or score differently: name it once and record it, so the run's folder says
        // which builds its evaluations came from.
        var newBuilds = Newcomers(
            saved.Builds,
            current.Builds,
            note,
            builds => $"{runFolder}: started before runs recorded the tool's build; resuming with {string.Join(", ", builds)}, recorded from here on",
            builds => $"{runFolder}: started with build {string.Join(", ", saved.Builds)}, resumes with {string.Join(", ", builds)}; if training or scoring changed between them, the evaluations before and after this resume differ in more than their data");

        // Another kind of machine rounds training differently (its vector kernels, its thread count): likewise.
        var newMachines = Newcomers(
            saved.Machines,
            current.Machines,
            note,
            machines => $"{runFolder}: started before runs recorded the kind of machine; resuming on {string.Join("; ", machines)}, recorded from here on",
            machines => $"{runFolder}: started on {string.Join("; ", saved.Machines)}, resumes on {string.Join("; ", machines)}; the same seed may train there to other scores (within seed spread), so evaluations before and after this resume may differ in more than their data");

        if (added.Count > 0 || newBuilds.Count > 0 || newMachines.Count > 0)
        {
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(saved with { Settings = settings, Builds = [.. saved.Builds, .. newBuilds], Machines = [.. saved.Machines, .. newMachines] }, Json) + "\n");
        }
    }

    /// <summary>
    /// The entries of <paramref name="now"/> that a run's <paramref name="recorded"/> list (its builds, its
    /// kinds of machine) lacks, named once through <paramref name="note"/>: by <paramref name="unrecorded"/>
    /// when the run kept no such list yet, else by <paramref name="beside"/>.
    /// </summary>
    private static List<string> Newcomers(IReadOnlyList<string> recorded, IReadOnlyList<string> now, Action<string>? note, Func<List<string>, string> unrecorded, Func<List<string>, string> beside)
    {
        var newcomers = now.Except(recorded, StringComparer.Ordinal).ToList();
        if (newcomers.Count > 0)
        {
            note?.Invoke(recorded.Count == 0 ? unrecorded(newcomers) : beside(newcomers));
        }

        return newcomers;
    }

    /// <summary>
    /// The builds of this run that <paramref name="now"/> was not made with, for a note when one run's
    /// evaluations are taken into another (empty when they share a build, or this run recorded none).
    /// </summary>
    public IReadOnlyList<string> OtherBuilds(RunFingerprint now)
    {
        ArgumentNullException.ThrowIfNull(now);
        return [.. Builds.Except(now.Builds, StringComparer.Ordinal)];
    }

    /// <summary>The fingerprint written at <paramref name="path"/>.</summary>
    /// <exception cref="CorruptDataException">The file is not a fingerprint.</exception>
    public static RunFingerprint Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunFingerprint>(File.ReadAllText(path), Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(path, $"unreadable run fingerprint: {e.Message}", e);
        }
    }

    /// <summary>
    /// What differs from <paramref name="now"/> in what decides one evaluation's score — every data input
    /// and the settings under <paramref name="evaluationSettings"/> (a key, or a block and everything
    /// under it) — as "what: before → now". Empty when an evaluation of this run may stand for one of
    /// <paramref name="now"/>'s.
    /// </summary>
    public IReadOnlyList<string> EvaluationDifferences(RunFingerprint now, IReadOnlyCollection<string> evaluationSettings)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(evaluationSettings);
        SortedDictionary<string, string> Deciding(SortedDictionary<string, string> settings) =>
            new(settings.Where(s => Covers(evaluationSettings, s.Key)).ToDictionary(), StringComparer.Ordinal);
        var changes = new List<string>();
        Compare(Deciding(Settings), Deciding(now.Settings), "setting", now.Defaults, now.Unread, changes);
        Compare(Data, now.Data, "data", null, [], changes);
        return changes;
    }

    /// <summary>Each setting and data input that differs, as "what: before → now".</summary>
    public IReadOnlyList<string> Differences(RunFingerprint now)
    {
        ArgumentNullException.ThrowIfNull(now);
        var changes = new List<string>();
        Compare(Settings, now.Settings, "setting", now.Defaults, now.Unread, changes);
        Compare(Data, now.Data, "data", null, [], changes);
        return changes;
    }

    /// <summary>
    /// Settings with a value in <paramref name="now"/> that this fingerprint lacks: added to the tool after
    /// the run started (<see cref="Differences"/> calls them a change unless they are at their defaults).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> AddedSince(RunFingerprint now)
    {
        ArgumentNullException.ThrowIfNull(now);
        return [.. now.Settings.Where(s => !Settings.ContainsKey(s.Key) && s.Value != "null" && !Covers(now.Unread, s.Key))];
    }

    /// <summary>SHA-256 of a file as lower-case hex, or a marker when it does not exist.</summary>
    public static string HashFile(string path) =>
        File.Exists(path) ? FileHash.Sha256(path) : "missing";

    /// <summary>SHA-256 over every file under <paramref name="folder"/> (relative names and contents, in ordinal order), or a marker when it does not exist.</summary>
    public static string HashFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return "missing";
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file).Replace('\\', '/') + "\n"));
            hash.AppendData(Convert.FromHexString(FileHash.Sha256(file)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static SortedDictionary<string, string>? DefaultsOf<T>()
    {
        if (typeof(T).GetConstructor(Type.EmptyTypes) is null)
        {
            return null;
        }

        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Flatten(JsonSerializer.SerializeToNode(Activator.CreateInstance<T>(), Json), string.Empty, flat);
        return flat;
    }

    private static void Compare(SortedDictionary<string, string> before, SortedDictionary<string, string> now, string what, SortedDictionary<string, string>? defaults, IReadOnlyCollection<string> unread, List<string> changes)
    {
        foreach (var key in before.Keys.Union(now.Keys).Where(k => !Covers(unread, k)).Order(StringComparer.Ordinal))
        {
            var old = before.GetValueOrDefault(key);
            var current = now.GetValueOrDefault(key);
            // A setting added to the tool after the run started, left unset or at its default, is no change.
            var added = what == "setting" && old is null && (current == "null" || (defaults is not null && string.Equals(defaults.GetValueOrDefault(key), current, StringComparison.Ordinal)));
            if (!added && !string.Equals(old, current, StringComparison.Ordinal))
            {
                changes.Add(what == "data"
                    ? $"{key} changed (content hash {Short(old)} at the start, {Short(current)} now)"
                    : $"{key} was {old ?? "unset"} at the start, is {current ?? "unset"} now");
            }
        }
    }

    // A name covers itself and, as a block, every key under it.
    private static bool Covers(IReadOnlyCollection<string> names, string key) =>
        names.Any(n => key == n || key.StartsWith(n + ".", StringComparison.Ordinal));

    private static string Short(string? hash) => hash is null ? "none" : hash.Length > 12 ? hash[..12] + "…" : hash;

    private static void Flatten(JsonNode? node, string prefix, SortedDictionary<string, string> into)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    Flatten(value, prefix.Length == 0 ? key : $"{prefix}.{key}", into);
                }

                break;
            case null:
                into[prefix] = "null";
                break;
            default:
                into[prefix] = node.ToJsonString();
                break;
        }
    }
}
