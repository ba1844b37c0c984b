using DataSearch.Cli;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Models.Setup;
using DataSearch.Runs;
using DataSearch.Search;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

/// <summary>A resumed run continues only with the settings and data it started with (the budget excepted).</summary>
[Collection(nameof(ModelCollection))]
public class ResumeFingerprintTests
{
    [Fact]
    public void Search_resume_refuses_a_changed_config_or_swapped_world_and_accepts_a_larger_budget()
    {
        using var cache = ModelCache.UseTemporary();
        using var temp = new TempFolder();
        var config = CommandSearchSetup.Write(temp, budget: 3);
        var run = temp.File("run");
        var first = CliRunner.Run("search", "--config", config, "-o", run);
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        Assert.True(File.Exists(Path.Combine(run, RunFingerprint.FileName)));
        var log = File.ReadAllText(Path.Combine(run, "search_log.jsonl"));
        var saved = File.ReadAllText(Path.Combine(run, "config.yaml"));

        // An edited model or seed.
        File.WriteAllText(Path.Combine(run, "config.yaml"), saved.Replace("model: tiny", "model: quick", StringComparison.Ordinal).Replace("seed: 1", "seed: 2", StringComparison.Ordinal));
        var edited = CliRunner.Run(["search", "--resume", run], new Dictionary<string, string> { ["MAX_EVALUATIONS"] = "4" });
        Assert.Equal(ExitCodes.Usage, edited.ExitCode);
        Assert.Contains("model was \"tiny\" at the start, is \"quick\" now", edited.Error);
        Assert.Contains("seed was 1 at the start, is 2 now", edited.Error);
        Assert.Equal(log, File.ReadAllText(Path.Combine(run, "search_log.jsonl")));
        File.WriteAllText(Path.Combine(run, "config.yaml"), saved);

        // The world folder swapped for another one.
        Directory.Move(temp.File("world"), temp.File("world-3"));
        Assert.Equal(ExitCodes.Success, CliRunner.Run("world", "generate", "--seed", "4", "--small", "-o", temp.File("world")).ExitCode);
        var swapped = CliRunner.Run(["search", "--resume", run], new Dictionary<string, string> { ["MAX_EVALUATIONS"] = "4" });
        Assert.Equal(ExitCodes.Usage, swapped.ExitCode);
        Assert.Contains("pool changed (content hash", swapped.Error);
        Assert.Contains("world changed", swapped.Error);
        Assert.Equal(log, File.ReadAllText(Path.Combine(run, "search_log.jsonl")));
        Directory.Delete(temp.File("world"), recursive: true);
        Directory.Move(temp.File("world-3"), temp.File("world"));

        // A larger budget is the one change a resume takes.
        var more = CliRunner.Run(["search", "--resume", run], new Dictionary<string, string> { ["MAX_EVALUATIONS"] = "4" });
        Assert.True(more.ExitCode == ExitCodes.Success, more.Error);
        Assert.StartsWith(log, File.ReadAllText(Path.Combine(run, "search_log.jsonl")), StringComparison.Ordinal);
        Assert.Contains("resuming: ", more.Error);
    }

    [Fact]
    public void A_run_started_before_fingerprints_is_fingerprinted_at_its_first_resume_and_checked_after()
    {
        using var temp = new TempFolder();
        var settings = new { Model = "tiny", Seed = 1, MaxEvaluations = 4 };
        var data = new Dictionary<string, string> { ["pool"] = "abc" };
        var notes = new List<string>();
        RunFingerprint.CheckOrWrite(temp.Path, RunFingerprint.Of(settings, ["max_evaluations"], data), resuming: true, notes.Add);
        Assert.Contains(notes, n => n.Contains("started before runs kept", StringComparison.Ordinal));
        RunFingerprint.CheckOrWrite(temp.Path, RunFingerprint.Of(settings with { MaxEvaluations = 9 }, ["max_evaluations"], data), resuming: true);
        var error = Assert.Throws<DataSearch.Errors.UsageException>(() =>
            RunFingerprint.CheckOrWrite(temp.Path, RunFingerprint.Of(settings, ["max_evaluations"], new Dictionary<string, string> { ["pool"] = "def" }), resuming: true));
        Assert.Contains("pool changed (content hash abc at the start, def now)", error.Message);
    }

    [Fact]
    public void Evaluations_may_stand_for_another_runs_when_only_settings_that_choose_subsets_differ()
    {
        var data = new Dictionary<string, string> { ["pool"] = "abc" };
        var run = RunFingerprint.Of(new SearchConfig { World = "a" }, SearchSetup.BudgetSettings, data);
        RunFingerprint Other(SearchConfig settings, string pool = "abc") => RunFingerprint.Of(settings, SearchSetup.BudgetSettings, new Dictionary<string, string> { ["pool"] = pool });

        // Another search (seed, rounds, probes) or a world copied elsewhere: the same evaluations.
        Assert.NotEmpty(run.Differences(Other(new SearchConfig { World = "b", Seed = 7, ConfirmSeeds = 1, SpecialistMix = false })));
        Assert.Empty(run.EvaluationDifferences(Other(new SearchConfig { World = "b", Seed = 7, ConfirmSeeds = 1, SpecialistMix = false }), SearchSetup.EvaluationSettings));

        // Another model, evaluator or pool: not.
        Assert.Contains(run.EvaluationDifferences(Other(new SearchConfig { World = "a", Model = "quick" }), SearchSetup.EvaluationSettings), d => d.StartsWith("model was", StringComparison.Ordinal));
        Assert.Contains(run.EvaluationDifferences(Other(new SearchConfig { World = "a", Evaluator = new EvaluatorSettings { Kind = "command", Commands = ["sh score.sh"] } }), SearchSetup.EvaluationSettings), d => d.StartsWith("evaluator.", StringComparison.Ordinal));
        Assert.Contains(run.EvaluationDifferences(Other(new SearchConfig { World = "a" }, pool: "def"), SearchSetup.EvaluationSettings), d => d.StartsWith("pool changed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_added_to_the_tool_after_a_run_started_is_no_change_at_its_default_but_is_one_set_otherwise()
    {
        using var temp = new TempFolder();
        var data = new Dictionary<string, string> { ["pool"] = "abc" };
        var current = RunFingerprint.Of(new DataSearch.Acquisition.AcquisitionConfig(), [], data);
        // The run's start knew no policy.kind and no held_out_tasks: as if written by an older version.
        var older = new RunFingerprint(new SortedDictionary<string, string>(current.Settings.Where(s => s.Key is not ("policy.kind" or "held_out_tasks")).ToDictionary(), StringComparer.Ordinal), current.Data);
        Assert.Contains("policy.kind", current.Settings.Keys);
        Assert.Empty(older.Differences(current));

        var changed = RunFingerprint.Of(new DataSearch.Acquisition.AcquisitionConfig { Policy = new DataSearch.Acquisition.PolicySettings { Kind = "command" } }, [], data);
        Assert.Contains(older.Differences(changed), d => d.Contains("policy.kind was unset at the start, is \"command\" now", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_added_since_the_run_started_is_announced_once_at_its_default_then_checked_like_the_others()
    {
        using var temp = new TempFolder();
        var data = new Dictionary<string, string> { ["pool"] = "abc" };
        var current = RunFingerprint.Of(new SearchConfig { Model = "tiny" }, SearchSetup.BudgetSettings, data);
        // Written by a version before filter probes: its fingerprint has no filter_probes.
        var older = current with { Settings = new SortedDictionary<string, string>(current.Settings.Where(s => s.Key != "filter_probes").ToDictionary(), StringComparer.Ordinal) };
        File.WriteAllText(Path.Combine(temp.Path, RunFingerprint.FileName), System.Text.Json.JsonSerializer.Serialize(older, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower }));

        var notes = new List<string>();
        RunFingerprint.CheckOrWrite(temp.Path, current, resuming: true, notes.Add);
        var note = Assert.Single(notes);
        Assert.Contains("filter_probes = [\"answer_agreement_filter\"]", note);
        Assert.Contains("made without them", note);

        notes.Clear();
        RunFingerprint.CheckOrWrite(temp.Path, current, resuming: true, notes.Add);
        Assert.Empty(notes);
        var edited = RunFingerprint.Of(new SearchConfig { Model = "tiny", FilterProbes = [] }, SearchSetup.BudgetSettings, data);
        var refused = Assert.Throws<UsageException>(() => RunFingerprint.CheckOrWrite(temp.Path, edited, resuming: true));
        Assert.Contains("filter_probes was [\"answer_agreement_filter\"] at the start, is [] now", refused.Message);
    }

    [Fact]
    public void A_resume_with_another_build_is_named_once_and_recorded_and_never_refused()
    {
        using var temp = new TempFolder();
        var data = new Dictionary<string, string> { ["pool"] = "abc" };
        var current = RunFingerprint.Of(new SearchConfig { Model = "tiny" }, SearchSetup.BudgetSettings, data);
        Assert.Equal([RunFingerprint.CurrentBuild], current.Builds);
        Assert.NotEqual("unknown", RunFingerprint.CurrentBuild);

        // Started by another build: named on resume, recorded beside it, not named again.
        var path = Path.Combine(temp.Path, RunFingerprint.FileName);
        RunFingerprint.CheckOrWrite(temp.Path, current with { Builds = ["0.9.0+older"] }, resuming: false);
        var notes = new List<string>();
        RunFingerprint.CheckOrWrite(temp.Path, current, resuming: true, notes.Add);
        Assert.Contains($"started with build 0.9.0+older, resumes with {RunFingerprint.CurrentBuild}", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Equal(["0.9.0+older", RunFingerprint.CurrentBuild], RunFingerprint.Read(path).Builds);
        notes.Clear();
        RunFingerprint.CheckOrWrite(temp.Path, current, resuming: true, notes.Add);
        Assert.Empty(notes);

        // Another run's evaluations made (partly) with another build: named for a note, the shared one not.
        Assert.Equal(["0.9.0+older"], RunFingerprint.Read(path).OtherBuilds(current));
        Assert.Empty(current.OtherBuilds(current));

        // Written before builds were recorded: said once, then recorded.
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(current with { Builds = [] }, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower }));
        RunFingerprint.CheckOrWrite(temp.Path, current, resuming: true, notes.Add);
        Assert.Contains("started before runs recorded the tool's build", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Equal([RunFingerprint.CurrentBuild], RunFingerprint.Read(path).Builds);
    }

    [Fact]
    public void A_resume_on_another_kind_of_machine_is_named_once_and_recorded_and_never_refused()
    {
        using var temp = new TempFolder();
        var data = new Dictionary<string, string> { ["pool"] = "abc" };
        var current = RunFingerprint.Of(new SearchConfig { Model = "tiny" }, SearchSetup.BudgetSettings, data);
        Assert.Equal([MachineKind.Current], current.Machines);
        Assert.Contains($"{Environment.ProcessorCount} cpus", MachineKind.Current, StringComparison.Ordinal);

        // Started on another kind: named on resume, recorded after it, not named again.
        var path = Path.Combine(temp.Path, RunFingerprint.FileName);
        RunFingerprint.CheckOrWrite(temp.Path, current with { Machines = ["x64 avx512, 16 cpus"] }, resuming: false);
        var notes = new List<string>();
        RunFingerprint.CheckOrWrite(temp.Path, current, resuming: true, notes.Add);
        Assert.Contains($"started on x64 avx512, 16 cpus, resumes on {MachineKind.Current}", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Equal(["x64 avx512, 16 cpus", MachineKind.Current], RunFingerprint.Read(path).Machines);
        notes.Clear();
        RunFingerprint.CheckOrWrite(temp.Path, current, resuming: true, notes.Add);
        Assert.Empty(notes);

        // Written before machines were recorded: said once, then recorded.
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(current with { Machines = [] }, new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower }));
        RunFingerprint.CheckOrWrite(temp.Path, current, resuming: true, notes.Add);
        Assert.Contains("started before runs recorded the kind of machine", Assert.Single(notes), StringComparison.Ordinal);
        Assert.Equal([MachineKind.Current], RunFingerprint.Read(path).Machines);
    }

    [Fact]
    public void The_kind_of_machine_names_the_variables_that_pin_its_kernels_when_they_are_set()
    {
        var unset = MachineKind.Describe(_ => null);
        var pinned = MachineKind.Describe(name => name == "MKL_CBWR" ? "AVX2" : name == "ATEN_CPU_CAPABILITY" ? "avx2" : null);
        Assert.DoesNotContain("MKL_CBWR", unset, StringComparison.Ordinal);
        Assert.Equal($"{unset}, MKL_CBWR=AVX2, ATEN_CPU_CAPABILITY=avx2", pinned);
    }

    [Fact]
    public void A_run_moved_to_another_folder_resumes_when_only_settings_its_evaluator_never_reads_differ()
    {
        using var temp = new TempFolder();
        var world = temp.File("world");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("world", "generate", "--small", "-o", world).ExitCode);
        var embedded = new SearchConfig { World = world, Evaluator = new EvaluatorSettings { WorkingDirectory = "/where/it/ran" } };

        // Written by a version that fingerprinted every setting, the working directory among them.
        var run = Directory.CreateDirectory(temp.File("run")).FullName;
        RunFingerprint.CheckOrWrite(run, RunFingerprint.Of(embedded, SearchSetup.BudgetSettings, SearchSetup.Fingerprint(embedded).Data), resuming: false);
        var moved = embedded with { Evaluator = embedded.Evaluator with { WorkingDirectory = "/somewhere/else" } };
        RunFingerprint.CheckOrWrite(run, SearchSetup.Fingerprint(moved), resuming: true);
        Assert.DoesNotContain(SearchSetup.Fingerprint(moved).Settings.Keys, k => k.StartsWith("evaluator.working_directory", StringComparison.Ordinal));

        // What the embedded evaluator does depend on still binds the run.
        var reseeded = Assert.Throws<UsageException>(() => RunFingerprint.CheckOrWrite(run, SearchSetup.Fingerprint(moved with { Seed = 2 }), resuming: true));
        Assert.Contains("seed was 1 at the start, is 2 now", reseeded.Message, StringComparison.Ordinal);

        // A command evaluator runs its commands in that directory: there, moving is a change.
        var command = embedded with { Evaluator = new EvaluatorSettings { Kind = "command", Commands = ["true"], WorkingDirectory = "/where/it/ran" } };
        var commandRun = Directory.CreateDirectory(temp.File("command-run")).FullName;
        RunFingerprint.CheckOrWrite(commandRun, SearchSetup.Fingerprint(command), resuming: false);
        var commandMoved = command with { Evaluator = command.Evaluator with { WorkingDirectory = "/somewhere/else" } };
        var refused = Assert.Throws<UsageException>(() => RunFingerprint.CheckOrWrite(commandRun, SearchSetup.Fingerprint(commandMoved), resuming: true));
        Assert.Contains("evaluator.working_directory was \"/where/it/ran\" at the start", refused.Message, StringComparison.Ordinal);
    }
}
