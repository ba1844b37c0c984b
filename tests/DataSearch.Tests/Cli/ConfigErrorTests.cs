using DataSearch.Cli;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

/// <summary>Broken recipes and configs: a located error, a non-zero exit, and nothing created.</summary>
public class ConfigErrorTests
{
    private const string UnclosedFlowMap = """
        steps:
          - op: quality_filter
            params: {fraction: 0.8
          - op: top_k
            params: {k: 100}
        """;

    private static string Budget(string command) => command == "acquire" ? "iterations: 1" : "max_evaluations: 4\nn_lhs_seeds: 2";

    [Fact]
    public void A_recipe_with_an_unclosed_flow_map_is_a_located_error_not_a_crash()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("broken.yaml", UnclosedFlowMap);
        var run = CliRunner.Run("recipe", "validate", recipe);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Matches(@"broken\.yaml:[34]: not valid YAML or JSON: .*unclosed", run.Error);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("compare")]
    [InlineData("acquire")]
    public void A_config_with_an_unclosed_flow_map_is_a_located_error_and_creates_nothing(string command)
    {
        using var temp = new TempFolder();
        var config = temp.Write("config.yaml", $"{Budget(command)}\n{(command == "acquire" ? "policy" : "evaluator")}: {{kind: command\nseed: 3\n");
        var run = CliRunner.Run(command, "--config", config, "-o", temp.File("run"));
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Matches(@"config\.yaml: line [23]: .*unclosed", run.Error);
        Assert.False(Directory.Exists(temp.File("run")), "a run folder was left behind");
    }

    [Theory]
    [InlineData("search", "model: huge\n", "model: unknown model profile 'huge'; expected default, medium, quick, tiny")]
    [InlineData("compare", "model: huge\n", "model: unknown model profile 'huge'")]
    [InlineData("acquire", "model: huge\n", "model: unknown model profile 'huge'")]
    [InlineData("search", "template: [source_mix, top_kk]\n", "template: unknown operator 'top_kk' (did you mean 'top_k'?)")]
    [InlineData("compare", "template: [quality_filtr]\n", "template: unknown operator 'quality_filtr'")]
    [InlineData("search", "filter_probes: [answer_agreement_filtr]\n", "filter_probes: unknown operator 'answer_agreement_filtr' (did you mean 'answer_agreement_filter'?)")]
    [InlineData("search", "round_choice: greedy\n", "round_choice: expected expected_improvement or predicted_mean, got 'greedy'")]
    public void A_config_that_names_an_unknown_model_or_operator_is_refused_before_anything_is_created(string command, string line, string expected)
    {
        using var temp = new TempFolder();
        var generate = CliRunner.Run("world", "generate", "--seed", "3", "--small", "-o", temp.File("world"));
        Assert.True(generate.ExitCode == ExitCodes.Success, generate.Error);
        var config = temp.Write("config.yaml", $"world: world\n{Budget(command)}\n{line}");
        var run = CliRunner.Run(command, "--config", config, "-o", temp.File("run"));
        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains(expected, run.Error);
        Assert.False(Directory.Exists(temp.File("run")), "a run folder was left behind");
    }

    /// <summary>Eight lines that stand for 10⁸ strings once the aliases are expanded.</summary>
    private static string AliasBomb(string use) =>
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + string.Concat("bcdefgh".Select((c, i) => $"{c}: &{c} [{string.Join(", ", Enumerable.Repeat($"*{"abcdefgh"[i]}", 10))}]\n")) + use;

    [Fact]
    public void An_alias_bomb_is_refused_at_reading_in_bounded_time_and_memory()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("bomb.yaml", AliasBomb("steps: [{op: quality_filter, params: {fraction: *h}}]\n"));
        var before = GC.GetTotalAllocatedBytes();
        var run = CliRunner.Run("recipe", "validate", recipe);
        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("aliases are expanded", run.Error);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 200L << 20, "reading the bomb allocated more than 200 MB");

        // Config files go through the same reader.
        var error = Assert.Throws<DataSearch.IO.YamlSyntaxException>(() =>
            DataSearch.IO.YamlText.Deserialize<Dictionary<string, object>>(new YamlDotNet.Serialization.DeserializerBuilder().Build(), AliasBomb("i: *h\n")));
        Assert.Contains("aliases are expanded", error.Message);

        // Aliases as people use them, to repeat a value or two, still read.
        var reuse = temp.Write("reuse.yaml", "steps:\n  - {op: quality_filter, params: {fraction: &f 0.5}}\n  - {op: ifd_filter, params: {fraction: *f}}\n");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("recipe", "validate", reuse).ExitCode);
    }
}
