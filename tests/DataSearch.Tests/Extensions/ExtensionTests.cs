using DataSearch.Cli;
using DataSearch.Errors;
using DataSearch.Extensions;
using DataSearch.Recipes;
using DataSearch.Signals;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Extensions;

public class ExtensionTests
{
    private static string ExampleAssembly => Path.Combine(AppContext.BaseDirectory, "ExampleExtension.dll");

    [Fact]
    public void The_example_extension_adds_an_operator_a_hook_a_feature_and_a_catalog_entry()
    {
        var set = ExtensionSet.Load([ExampleAssembly]);
        Assert.True(set.Registry.TryGet("keyword_filter", out _));
        Assert.Single(set.Hooks);
        Assert.Equal("question_marks", Assert.Single(set.Features).Name);
        Assert.True(set.CatalogPatched);
        Assert.Empty(set.Catalog.Check(set.Registry));

        var pool = PoolMaker.Make(("rev abc?", "cba"), ("sort dcb", "bcd"), ("what is 2+2?", "4"), ("Rev  xyz", "zyx"));
        var features = set.Features[0].Compute(new SignalInput(pool, "h", []), null, default);
        Assert.Equal([1f, 0, 1, 0], features.Columns[0].Values!);
        var context = new RecipeContext(pool, new SignalSet(4, [features]), set.Registry) { Hooks = set.Hooks };
        var recipe = RecipeReader.Parse("steps:\n  - op: keyword_filter\n    params: {keywords: [REV]}\n  - op: score_filter\n    params: {signal: question_marks, max: 0}\n");
        var before = ExampleExtension.StepLogHook.Lines.Count;
        Assert.Equal([3], RecipeExecutor.Run(recipe, context).Selection.ToArray());
        Assert.Equal(before + 2, ExampleExtension.StepLogHook.Lines.Count);
    }

    [Fact]
    public void Loading_problems_are_usage_errors_that_name_the_file()
    {
        var missing = Assert.Throws<UsageException>(() => ExtensionSet.Load(["/nowhere/ext.dll"]));
        Assert.Contains("/nowhere/ext.dll: no such extension assembly", missing.Message, StringComparison.Ordinal);
        var none = Assert.Throws<UsageException>(() => ExtensionSet.Load([Path.Combine(AppContext.BaseDirectory, "YamlDotNet.dll")]));
        Assert.Contains("holds no public class implementing IDataSearchExtension", none.Message, StringComparison.Ordinal);
        using var temp = new TempFolder();
        var notAssembly = temp.Write("fake.dll", "not a dll");
        Assert.Contains("not a loadable .NET assembly", Assert.Throws<UsageException>(() => ExtensionSet.Load([notAssembly])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Operator_names_cannot_be_taken_twice()
    {
        var registry = OperatorRegistry.CreateDefault();
        var error = Assert.Throws<ArgumentException>(() => registry.Register(new DataSearch.Recipes.Operators.TopK()));
        Assert.Contains("'top_k' is already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_loads_extensions_from_the_flag_and_writes_the_extended_catalog()
    {
        using var temp = new TempFolder();
        var world = temp.File("world");
        CliRunner.Run("world", "generate", "--small", "-o", world);
        Assert.Contains("keyword_filter", CliRunner.Run("operators", "list", "--extension", ExampleAssembly).Output);
        var compute = CliRunner.Run("signals", "compute", "--world", world, "--no-model", "--extension", ExampleAssembly);
        Assert.True(compute.ExitCode == ExitCodes.Success, compute.Error);
        Assert.Contains("question_marks", compute.Output);
        var recipe = Path.Combine(AppContext.BaseDirectory, "examples", "extensions", "keyword.yaml");
        var run = CliRunner.Run("recipe", "run", recipe, "--world", world, "--extension", ExampleAssembly, "-o", temp.File("out"));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains("keyword_filter", File.ReadAllText(temp.File("out/operator_catalog.extended.yaml")));
        var without = CliRunner.Run("recipe", "run", recipe, "--world", world, "-o", temp.File("out2"));
        Assert.Equal(ExitCodes.Failure, without.ExitCode);
        Assert.Contains("unknown operator 'keyword_filter'", without.Error);
    }
}
