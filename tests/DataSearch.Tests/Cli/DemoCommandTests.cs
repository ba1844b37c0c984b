using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataSearch.Cli;
using DataSearch.Cli.Internal;
using DataSearch.Reports;
using DataSearch.Tests.Support;
using SkiaSharp;

namespace DataSearch.Tests.Cli;

/// <summary>One quick demo with the tiny model (seconds), shared by the tests that look at what it wrote.</summary>
public sealed class TinyDemo : IDisposable
{
    private readonly ModelCache cache = ModelCache.UseTemporary();
    private readonly TempFolder temp = new();

    public TinyDemo()
    {
        Run = CliRunner.Run("demo", "--quick", "--model", "tiny", "-o", Folder);
    }

    public string Folder => temp.File("demo");

    public CliRun Run { get; }

    public void Dispose()
    {
        temp.Dispose();
        cache.Dispose();
    }
}

[Collection(nameof(ModelCollection))]
public class DemoCommandTests(TinyDemo demo) : IClassFixture<TinyDemo>
{
    [Fact]
    public void The_demo_runs_every_stage_and_writes_one_report()
    {
        Assert.True(demo.Run.ExitCode == ExitCodes.Success, demo.Run.Error);
        var summary = DemoSummary.TryRead(demo.Folder)!;
        Assert.Equal(6, summary.Stages.Count);
        Assert.Contains("pool valid", demo.Run.Output);
        foreach (var file in new[] { "world/world.json", "compare/compare.json", "compare/search-seed1/search_log.jsonl", "acquire/results/evaluation_results.json", "report.html", "report.json" })
        {
            Assert.True(File.Exists(Path.Combine(demo.Folder, file)), file);
        }

        var profile = DemoProfile.Named("quick");
        var completed = SearchReport.Records(Path.Combine(demo.Folder, "compare", "search-seed1")).Count(r => r.Objective is not null);
        Assert.Equal(profile.Budget, completed);
        var methods = JsonDocument.Parse(File.ReadAllText(Path.Combine(demo.Folder, "compare", "compare.json"))).RootElement.GetProperty("methods")
            .EnumerateArray().Select(m => m.GetProperty("method").GetString()).ToList();
        Assert.Equal(["search", .. profile.Baselines], methods);
        var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(demo.Folder, "report.json"))).RootElement;
        Assert.Equal(["demo", "compare", "search", "acquire"], document.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public void A_rerun_reuses_what_the_first_run_finished()
    {
        var again = CliRunner.Run("demo", "--quick", "--model", "tiny", "-o", demo.Folder);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.Contains("reused from an earlier run", again.Output);
        Assert.Contains("loaded from cache", again.Error);
        Assert.Contains("resuming:", again.Error); // the search read its log instead of starting over
        var evaluations = File.ReadAllLines(Path.Combine(demo.Folder, "compare", "evaluations.jsonl"));
        Assert.Equal(evaluations.Length, evaluations.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("key").GetString()).Distinct().Count());

        var otherProfile = CliRunner.Run("demo", "--profile", "laptop", "-o", demo.Folder);
        Assert.Equal(ExitCodes.Usage, otherProfile.ExitCode);
        Assert.Contains("--resume", otherProfile.Error);
        var nothing = CliRunner.Run("demo", "--resume", "-o", Path.Combine(demo.Folder, "absent"));
        Assert.Equal(ExitCodes.Usage, nothing.ExitCode);
        Assert.Contains("holds no demo", nothing.Error);
    }

    [BrowserFact]
    public void The_report_renders_in_a_browser_with_every_figure_and_table_filled()
    {
        Assert.True(demo.Run.ExitCode == ExitCodes.Success, demo.Run.Error);
        var page = Path.Combine(demo.Folder, "report.html");
        var dom = Browser.DumpDom(page);
        var figures = Regex.Matches(dom, "<figure id=\"([^\"]+)\" class=\"chart\">(.*?)</figure>", RegexOptions.Singleline);
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(demo.Folder, "report.json"))).RootElement.GetProperty("sections").EnumerateArray()
            .SelectMany(s => s.GetProperty("blocks").EnumerateArray()).ToList();
        Assert.Equal(expected.Count(b => b.GetProperty("type").GetString() == "figure"), figures.Count);
        Assert.True(figures.Count >= 10, $"{figures.Count} figures");
        foreach (Match figure in figures)
        {
            Assert.True(Regex.Matches(figure.Groups[2].Value, "<path ").Count >= 5, $"figure {figure.Groups[1].Value} has no drawing");
        }

        var tables = Regex.Matches(dom, "<table class=\"sortable\">(.*?)</table>", RegexOptions.Singleline);
        Assert.Equal(expected.Count(b => b.GetProperty("type").GetString() == "table"), tables.Count);
        Assert.All(tables, table => Assert.Contains("<tbody>\n<tr>", table.Groups[1].Value));

        using var shot = new TempFolder();
        var png = shot.File("report.png");
        Browser.Screenshot(page, png, 1200, 3000);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(1200, bitmap.Width);
        var colours = new HashSet<uint>();
        var inked = 0;
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                var pixel = bitmap.GetPixel(x, y);
                colours.Add((uint)pixel);
                inked += pixel.Red + pixel.Green + pixel.Blue < 600 ? 1 : 0;
            }
        }

        Assert.True(colours.Count > 50, $"{colours.Count} colours: the page looks blank");
        Assert.True(inked > bitmap.Width * bitmap.Height / 9 / 50, $"only {inked} sampled pixels carry ink");
    }

    [Fact]
    public void Report_command_writes_a_page_per_run_folder_and_names_what_it_expects()
    {
        var output = Path.Combine(demo.Folder, "acquire-report.html");
        var run = CliRunner.Run("report", Path.Combine(demo.Folder, "acquire"), "-o", output);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("Active data search", File.ReadAllText(output));
        Assert.True(File.Exists(Path.ChangeExtension(output, ".json")));

        var world = CliRunner.Run("report", Path.Combine(demo.Folder, "world"));
        Assert.Equal(ExitCodes.Usage, world.ExitCode);
        Assert.Contains("search_log.jsonl", world.Error);
    }
}

/// <summary>Ctrl-C in the middle of the search, then --resume: nothing finished is trained again.</summary>
[Collection(nameof(ModelCollection))]
public class DemoResumeTests
{
    [Fact]
    public void Ctrl_C_stops_the_demo_and_resume_finishes_it_without_repeating_an_evaluation()
    {
        using var cache = ModelCache.UseTemporary();
        using var temp = new TempFolder();
        var folder = temp.File("demo");
        using var cancel = new CancellationTokenSource();
        var output = new StringWriter();
        var error = new CancellingWriter("e002 round", cancel);
        var environment = new CliEnvironment(output, error, interactive: false, TimeProvider.System, cancel.Token);
        var stopped = CliApp.Run(["demo", "--quick", "--model", "tiny", "-o", folder], environment);
        Assert.Equal(ExitCodes.Failure, stopped);
        Assert.Contains("--resume", error.ToString());
        var before = SearchReport.Records(Path.Combine(folder, "compare", "search-seed1")).Where(r => r.Objective is not null).Select(r => r.SubsetHash).ToList();
        Assert.InRange(before.Count, 2, 3);

        var resumed = CliRunner.Run("demo", "--resume", "-o", folder);
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.Error);
        var after = SearchReport.Records(Path.Combine(folder, "compare", "search-seed1")).Where(r => r.Objective is not null).Select(r => r.SubsetHash).ToList();
        Assert.Equal(before, after.Take(before.Count));
        Assert.Equal(DemoProfile.Named("quick").Budget, after.Count);
        Assert.Equal(after.Count, after.Distinct().Count());
        Assert.True(File.Exists(Path.Combine(folder, "report.html")));
    }

    /// <summary>A writer that cancels the run when a given text is written to it.</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(trigger, StringComparison.Ordinal) == true)
            {
                cancel.Cancel();
            }
        }
    }
}
