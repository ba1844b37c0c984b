using DataSearch.Pool.Import;
using DataSearch.Recipes;
using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Signals;

/// <summary>Signals and recipes on the real pool (T0 + Alpaca + GSM8K) with AutoSelection's target sets.</summary>
public class RealDataSignalTests
{
    private const string T0 = "t0-train-50k/t0_train_50k.jsonl";
    private const string Alpaca = "alpaca-5000/alpaca_5000.json";
    private const string Gsm8kTrain = "gsm8k/train.jsonl";
    private const string Targets = "autoselection-eval/target_vector_samples/gsm8k_train_100.jsonl";

    [SharedDataFact(T0, Alpaca, Gsm8kTrain, Targets)]
    public void Relevance_to_the_gsm8k_targets_ranks_gsm8k_samples_first_and_recipes_run()
    {
        var pool = new PoolImporter().Import([SharedData.Path(T0), SharedData.Path(Alpaca), SharedData.Path(Gsm8kTrain)], new ImportOptions()).Pool;
        var targets = TargetSetReader.ReadFolder(Path.GetDirectoryName(SharedData.Path(Targets))!);
        Assert.Equal(["bbh_few_shot", "gpqa_ext_98", "gsm8k_train_100", "mmlu_val"], targets.Select(t => t.Name));
        Assert.Equal(98, targets[1].Texts.Count); // the GPQA file's NaN cells read as null

        var input = new SignalInput(pool, "real", targets);
        var signals = new SignalSet(pool.Count, TextProviders.For(withTargets: true).Select(p => p.Compute(input, null, default)));
        var context = new RecipeContext(pool, signals, OperatorRegistry.CreateDefault());
        var top = RecipeExecutor.Run(RecipeReader.Parse("steps:\n  - op: top_k\n    params: {signal: 'relevance:gsm8k_train_100', k: 1000}\n"), context).Selection;
        var gsm8k = top.ToArray().Count(i => pool.GetSourceName(i) == "gsm8k_train");
        Assert.True(gsm8k >= 950, $"{gsm8k} of the 1,000 most relevant samples are GSM8K (11% of the pool)");

        // T0 repeats its exact duplicates; dedup removes exactly the 1,153 repeats the import counted.
        var deduped = RecipeExecutor.Run(RecipeReader.Parse("steps:\n  - op: semantic_dedup\n    params: {strategy: exact}\n"), context).Selection;
        Assert.InRange(pool.Count - deduped.Count, 1_153, 1_300);

        var shipped = RecipeExecutor.Run(RecipeReader.ReadFile(Path.Combine(Fixtures.Recipes, "clean-relevant.yaml")), context);
        Assert.InRange(shipped.Selection.Count, 1, pool.Count - 1);
    }

    [SharedDataFact(T0, Alpaca, Gsm8kTrain, Targets)]
    public void Sentence_embeddings_rank_gsm8k_samples_for_the_gsm8k_targets_at_least_as_well_as_bm25()
    {
        var full = new PoolImporter().Import([SharedData.Path(T0), SharedData.Path(Alpaca), SharedData.Path(Gsm8kTrain)], new ImportOptions()).Pool;
        // Every 45th sample (about 1,500, the sources in their shares), to keep the embedding to half a minute.
        var builder = new DataSearch.Pool.PoolBuilder();
        for (var i = 0; i < full.Count; i += 45)
        {
            var sample = full.GetSample(i);
            builder.TryAdd(sample.SampleId, sample.Messages, sample.SourceName, sample.Target, sample.Tags, null, out _, out _);
        }

        var pool = builder.Build();
        var targets = TargetSetReader.ReadFolder(Path.GetDirectoryName(SharedData.Path(Targets))!).Where(t => t.Name == "gsm8k_train_100").ToList();
        var input = new SignalInput(pool, "slice", targets);
        var bm25 = new Relevance().Compute(input, null, default).Columns.Single().Values!;
        var embedded = new DataSearch.Models.Signals.EmbeddingSignals().Compute(input, null, default).Columns.Single(c => c.Name == "embed_relevance:gsm8k_train_100").Values!;
        bool[] isGsm8k = [.. Enumerable.Range(0, pool.Count).Select(i => pool.GetSourceName(i) == "gsm8k_train")];
        var bm25Auc = Separation.Auc(bm25, isGsm8k);
        var embeddingAuc = Separation.Auc(embedded, isGsm8k);
        Assert.True(embeddingAuc >= bm25Auc && embeddingAuc > 0.95, $"embedding AUC {embeddingAuc:0.000}, BM25 AUC {bm25Auc:0.000} for GSM8K samples");
    }
}
