using DataSearch.Pool;
using DataSearch.Pool.Import;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Pool.Import;

/// <summary>Imports the real public files in ../shared/data and checks them against the counts their READMEs state.</summary>
public class RealDataImportTests
{
    private const string T0 = "t0-train-50k/t0_train_50k.jsonl";
    private const string Alpaca = "alpaca-5000/alpaca_5000.json";
    private const string Gsm8kTrain = "gsm8k/train.jsonl";
    private const string Gsm8kTest = "gsm8k/test.jsonl";

    [SharedDataFact(T0, Alpaca, Gsm8kTrain)]
    public void T0_Alpaca_and_GSM8K_import_with_the_counts_their_readmes_give()
    {
        var result = new PoolImporter().Import([SharedData.Path(T0), SharedData.Path(Alpaca), SharedData.Path(Gsm8kTrain)], new ImportOptions());
        Assert.Equal(
            [(SourceFormat.PromptCompletion, 55_185L), (SourceFormat.Alpaca, 5_000L), (SourceFormat.Gsm8k, 7_473L)],
            result.Files.Select(f => (f.Format!.Value, f.Imported)));
        Assert.Equal(67_658, result.Pool.Count);
        Assert.Equal(["t0_train_50k", "alpaca_5000", "gsm8k_train"], result.Pool.SourceNames);

        var stats = PoolStatistics.Compute(result.Pool);
        // T0 holds 1,153 exact duplicate prompt/completion pairs: kept, with distinct ids, and counted.
        Assert.Equal(1_153, stats.Sources[0].ExactDuplicates);
        Assert.Equal(0, stats.DuplicateIds);
        // No completion keeps its end marker.
        Assert.DoesNotContain(Enumerable.Range(0, 55_185), i => result.Pool.GetContent(i, 1).Contains("<|endoftext|>", StringComparison.Ordinal));
        Assert.Equal(7_473, stats.WithTarget);
    }

    [SharedDataFact(Gsm8kTest)]
    public void GSM8K_test_split_imports_with_its_final_answers_as_targets()
    {
        var pool = new PoolImporter().Import([SharedData.Path(Gsm8kTest)], new ImportOptions()).Pool;
        Assert.Equal(1_319, pool.Count);
        Assert.All(Enumerable.Range(0, pool.Count), i => Assert.Matches(@"^-?[\d,]+(\.\d+)?$", pool.GetTarget(i)));
    }
}
