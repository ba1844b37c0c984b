using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Errors;
using DataSearch.Export;
using DataSearch.Pool;
using DataSearch.Pool.Import;
using DataSearch.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace DataSearch.Tests.Export;

public class ExportTests
{
    private static readonly IReadOnlyList<ImportedFile> NoFiles = [];

    [Fact]
    public void LlamaFactory_export_imports_back_with_the_same_conversations()
    {
        using var temp = new TempFolder();
        var pool = TestPools.AllLayouts();
        var subset = Enumerable.Range(0, pool.Count).Where(i => i % 3 != 1).ToArray();
        var summary = LlamaFactoryExport.Write(pool, subset, temp.File("lf"), new LlamaFactoryOptions("picked"));
        Assert.Equal(subset.Length, summary.Samples);

        var reread = new PoolImporter().Import([temp.File("lf/picked.json")], new ImportOptions()).Pool;
        Assert.Equal(subset.Length, reread.Count);
        for (var i = 0; i < subset.Length; i++)
        {
            Assert.Equal(pool.GetSample(subset[i]).Messages, reread.GetSample(i).Messages);
        }

        // Samples whose turns break LLaMA-Factory's human/gpt alternation are named, not hidden.
        var expectedUnusual = subset.Where(i => !Alternates(pool.GetSample(i).Messages)).Select(pool.GetSampleId);
        Assert.Equal(expectedUnusual, summary.Unusual);
    }

    private static bool Alternates(IReadOnlyList<ChatMessage> messages)
    {
        var turns = messages.SkipWhile((m, i) => i == 0 && m.Role == ChatRole.System).ToList();
        return turns.Count % 2 == 0 && turns.Select((m, i) => i % 2 == 0 ? m.Role is ChatRole.User or ChatRole.Tool : m.Role == ChatRole.Assistant).All(ok => ok);
    }

    [Fact]
    public void The_dataset_entry_is_merged_and_the_training_yaml_names_it()
    {
        using var temp = new TempFolder();
        var folder = temp.File("data");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "dataset_info.json"), """{"alpaca_en_demo": {"file_name": "alpaca_en_demo.json"}}""");
        var options = new LlamaFactoryOptions("best_recipe", Model: "Qwen/Qwen2.5-1.5B", Template: "qwen", FinetuningType: "full", Epochs: 2, CutoffLength: 1024, OutputDir: "saves/x");
        LlamaFactoryExport.Write(TestPools.AllLayouts(), [0, 1], folder, options);

        var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "dataset_info.json"))).RootElement;
        Assert.Equal("alpaca_en_demo.json", info.GetProperty("alpaca_en_demo").GetProperty("file_name").GetString());
        var entry = info.GetProperty("best_recipe");
        Assert.Equal("best_recipe.json", entry.GetProperty("file_name").GetString());
        Assert.Equal("sharegpt", entry.GetProperty("formatting").GetString());
        Assert.Equal("conversations", entry.GetProperty("columns").GetProperty("messages").GetString());

        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(folder, "best_recipe.train.yaml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        string Value(string key) => ((YamlScalarNode)root[new YamlScalarNode(key)]).Value!;
        Assert.Equal("Qwen/Qwen2.5-1.5B", Value("model_name_or_path"));
        Assert.Equal("best_recipe", Value("dataset"));
        Assert.Equal(Path.GetFullPath(folder), Value("dataset_dir"));
        Assert.Equal("full", Value("finetuning_type"));
        Assert.Equal("1024", Value("cutoff_len"));
        Assert.Equal(2, double.Parse(Value("num_train_epochs"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("saves/x", Value("output_dir"));
        Assert.Equal(1e-4, double.Parse(Value("learning_rate"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_user_template_is_filled_and_an_unknown_placeholder_is_named_with_its_line()
    {
        using var temp = new TempFolder();
        var good = temp.Write("good.yaml", "model_name_or_path: {model}\ndataset: {dataset}\n");
        Assert.Equal("model_name_or_path: m\ndataset: d\nseed: 42  # the training seed, added by DataSearch\n", LlamaFactoryExport.FillTemplate(new LlamaFactoryOptions("d", Model: "m", TrainTemplate: good), "/x"));

        var bad = temp.Write("bad.yaml", "model_name_or_path: {model}\nwarmup: {warmup_steps}\n");
        var error = Assert.Throws<InvalidConfigurationException>(() => LlamaFactoryExport.FillTemplate(new LlamaFactoryOptions("d", TrainTemplate: bad), "/x"));
        Assert.Contains("bad.yaml", error.Message);
        Assert.Contains("line 2", error.Message);
        Assert.Contains("{warmup_steps}", error.Message);
        Assert.Throws<UsageException>(() => LlamaFactoryExport.Write(TestPools.AllLayouts(), [0], temp.File("o"), new LlamaFactoryOptions("has space")));
        Assert.Throws<UsageException>(() => LlamaFactoryExport.Write(TestPools.AllLayouts(), [0], temp.File("o"), new LlamaFactoryOptions("n", FinetuningType: "qlora")));
    }

    [Fact]
    public void The_training_yaml_carries_the_training_seed_whatever_the_template()
    {
        using var temp = new TempFolder();
        static ulong? SeedOf(string yaml) =>
            yaml.Split('\n').Where(l => l.StartsWith("seed:", StringComparison.Ordinal)).Select(l => ulong.Parse(l[5..].Split('#')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture)).Cast<ulong?>().SingleOrDefault();

        Assert.Equal(42UL, SeedOf(LlamaFactoryExport.FillTemplate(new LlamaFactoryOptions("d"), "/x")));
        Assert.Equal(7UL, SeedOf(LlamaFactoryExport.FillTemplate(new LlamaFactoryOptions("d", Seed: 7), "/x")));
        var placed = temp.Write("placed.yaml", "dataset: {dataset}\nseed: {seed}\n");
        Assert.Equal("dataset: d\nseed: 9\n", LlamaFactoryExport.FillTemplate(new LlamaFactoryOptions("d", TrainTemplate: placed, Seed: 9), "/x"));
        var fixedSeed = temp.Write("fixed.yaml", "dataset: {dataset}\nseed: 3\n");
        Assert.Equal(3UL, SeedOf(LlamaFactoryExport.FillTemplate(new LlamaFactoryOptions("d", TrainTemplate: fixedSeed, Seed: 9), "/x")));
    }

    [Theory]
    [InlineData("jsonl", "subset.jsonl")]
    [InlineData("parquet", "subset.parquet")]
    public void Export_command_writes_a_subset_that_imports_back_sample_for_sample(string format, string file)
    {
        using var temp = new TempFolder();
        var pool = TestPools.AllLayouts();
        PoolStore.Save(pool, temp.File("pool"), NoFiles, overwrite: false);
        var chosen = new[] { 2, 5, 11 };
        SubsetFile.Write(temp.File("pick.ids"), pool, chosen);
        var run = CliRunner.Run("export", "--pool", temp.File("pool"), "--subset", temp.File("pick.ids"), "--format", format, "-o", temp.File(file));
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var reread = new PoolImporter().Import([temp.File(file)], new ImportOptions()).Pool;
        Assert.Equal(chosen.Length, reread.Count);
        for (var i = 0; i < chosen.Length; i++)
        {
            var expected = pool.GetSample(chosen[i]);
            var actual = reread.GetSample(i);
            Assert.Equal(expected.SampleId, actual.SampleId);
            Assert.Equal(expected.Messages, actual.Messages);
            Assert.Equal(expected.Target, actual.Target);
        }
    }

    [Fact]
    public void Export_command_refuses_an_unknown_format_and_a_missing_pool()
    {
        using var temp = new TempFolder();
        PoolStore.Save(TestPools.AllLayouts(), temp.File("pool"), NoFiles, overwrite: false);
        var format = CliRunner.Run("export", "--pool", temp.File("pool"), "--format", "csv", "-o", temp.File("x"));
        Assert.Equal(ExitCodes.Usage, format.ExitCode);
        Assert.Contains("llamafactory, jsonl or parquet", format.Error);
        Assert.False(File.Exists(temp.File("x")));
        var none = CliRunner.Run("export", "--format", "jsonl", "-o", temp.File("x"));
        Assert.Equal(ExitCodes.Usage, none.ExitCode);
    }
}
