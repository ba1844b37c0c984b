using System.Text;
using DataSearch.Checkers;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Models;
using DataSearch.Models.Proxy;
using DataSearch.Pool;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Models.Proxy;

[Collection(nameof(ModelCollection))]
public class ProxyEvaluatorTests
{
    // A tiny proxy that learns a simple answer format within a test's few seconds.
    private static readonly ProxyOptions Options = ProxyOptions.Size("tiny")! with
    {
        FineTuning = ProxyOptions.Size("tiny")!.FineTuning with { Steps = 120, LearningRate = 1e-2 },
    };

    // Two sources: sums written as GSM8K answers ("a + b = c\n#### c") and shouted words. The benchmark asks
    // for sums in other words, so only the first source teaches its answers' form.
    private static readonly SamplePool Pool = PoolMaker.Make([
        .. Enumerable.Range(0, 80).Select(i => ($"Add {i} and {i % 9}.", $"{i} + {i % 9} = {i + (i % 9)}\n#### {i + (i % 9)}", "sums", "")),
        .. Enumerable.Range(0, 80).Select(i => ($"Shout the word item{i}.", $"ITEM{i}!", "shout", "")),
        ("Tom has 5 apples and finds 8 more. How many apples does Tom have now in his basket?", "13", "leak", ""),
    ]);

    private static readonly Benchmark Sums = new(
        "sums",
        BenchmarkKind.InDistribution,
        [.. Enumerable.Range(0, 24).Select(i => new BenchmarkItem($"q{i}", $"Tom has {i} apples and finds {i + 3} more. How many apples does Tom have now in his basket?", $"{i} + {i + 3} = {(2 * i) + 3}\n#### {(2 * i) + 3}"))],
        new NumericAnswerChecker());

    private static readonly Lazy<LanguageModel> Base = new(() =>
    {
        var model = LanguageModel.Create(Options.Model, Options.Pretraining.Seed);
        model.Train(BaseModelCache.Documents(["Numbers and words: one two three.", "Some plain text to start from."], Options.Model.Context), Options.Pretraining);
        return model;
    });

    private static ProxyEvaluator Evaluator() => new(Base.Value, [Sums], Options);

    private static int[] Source(string name) => [.. Enumerable.Range(0, Pool.Count).Where(i => Pool.GetSourceName(i) == name)];

    [Fact]
    public void A_window_keeps_the_end_of_the_prompt_and_the_start_of_the_response()
    {
        var example = ByteTokenizer.Example(new string('p', 100) + "question?", new string('r', 60) + "end");
        var fitted = ContextWindow.Fit(example, 64);

        Assert.Equal(64, fitted.Tokens.Length);
        Assert.True(fitted.ResponseStart >= 32, "the prompt keeps at least half the window");
        Assert.Equal(example.Tokens[(example.ResponseStart - fitted.ResponseStart)..example.ResponseStart], fitted.Tokens[..fitted.ResponseStart]);
        Assert.Equal(example.Tokens[example.ResponseStart..][..(64 - fitted.ResponseStart)], fitted.Tokens[fitted.ResponseStart..]);

        var shortAnswer = ByteTokenizer.Example(new string('p', 100), "42");
        var kept = ContextWindow.Fit(shortAnswer, 64);
        Assert.Equal(shortAnswer.Tokens[shortAnswer.ResponseStart..], kept.Tokens[kept.ResponseStart..]);
        Assert.Same(example, ContextWindow.Fit(example, example.Tokens.Length));
    }

    [Fact]
    public void The_loss_counts_the_answer_bytes_only_and_falls_when_the_model_learns_them()
    {
        using var model = Base.Value.Clone();
        var answers = new[] { "12 + 3 = 15\n#### 15", "café" };
        var examples = answers.Select((a, i) => ByteTokenizer.Example($"Question {i}?", a)).ToList();
        var before = AnswerLoss.Measure(model, examples);
        Assert.Equal(answers.Select(a => Encoding.UTF8.GetByteCount(a)), before.Select(l => l.Bytes));
        Assert.All(before, l => Assert.True(l.Bits > 0));

        var longerPrompt = AnswerLoss.Measure(model, [ByteTokenizer.Example("A much longer question 0 with more words?", answers[0])]);
        Assert.Equal(before[0].Bytes, longerPrompt[0].Bytes);

        model.Train(examples, Options.FineTuning with { Steps = 150 });
        var after = AnswerLoss.Measure(model, examples);
        Assert.True(AnswerLoss.BitsPerByte(after) < AnswerLoss.BitsPerByte(before) / 2, $"{AnswerLoss.BitsPerByte(before):0.00} → {AnswerLoss.BitsPerByte(after):0.00} bits/byte");
    }

    [Fact]
    public void Data_in_the_benchmark_answers_form_scores_higher_than_unrelated_data()
    {
        var evaluator = Evaluator();
        var sums = evaluator.Evaluate(new EvaluationRequest(Pool, Source("sums"), Seed: 1));
        var shout = evaluator.Evaluate(new EvaluationRequest(Pool, Source("shout"), Seed: 1));

        var (sumsScore, shoutScore) = (Assert.Single(sums.Scores), Assert.Single(shout.Scores));
        Assert.True(sumsScore.BitsPerByte < shoutScore.BitsPerByte, $"sums {sumsScore.BitsPerByte:0.000} vs shout {shoutScore.BitsPerByte:0.000} bits/byte");
        Assert.True(sums.Objective > shout.Objective);
        Assert.Equal(ProxyEvaluator.Score(sumsScore.BitsPerByte!.Value), sumsScore.Score, precision: 9);
        Assert.Equal(sumsScore.Score, sums.Objective, precision: 9);
        Assert.Equal(Sums.Items.Count, sumsScore.Items);
        Assert.Equal(Options.FineTuning.Steps, sums.Cost.Steps);
    }

    [Fact]
    public void The_same_subset_and_seed_give_the_same_scores()
    {
        var request = new EvaluationRequest(Pool, Source("sums"), Seed: 4);
        Assert.Equal(Evaluator().Evaluate(request).Scores, Evaluator().Evaluate(request).Scores);
    }

    [Fact]
    public void A_sample_that_overlaps_a_benchmark_question_never_trains_the_proxy()
    {
        var evaluator = Evaluator();
        var leak = Source("leak");
        Assert.Equal(new Dictionary<string, int> { ["sums"] = 1 }, evaluator.Contaminated(Pool));

        var error = Assert.Throws<UsageException>(() => evaluator.Evaluate(new EvaluationRequest(Pool, leak, Seed: 1)));
        Assert.Contains("overlap benchmark questions", error.Message);

        var withLeak = evaluator.Evaluate(new EvaluationRequest(Pool, [.. Source("shout"), .. leak], Seed: 1));
        Assert.Contains("1 of the subset left out", withLeak.Log[0]);
        Assert.Equal(evaluator.Evaluate(new EvaluationRequest(Pool, Source("shout"), Seed: 1)).Scores, withLeak.Scores);
    }

    [Fact]
    public void Every_evaluation_scores_the_same_held_out_items()
    {
        var items = Sums.Items;
        var drawn = ProxyEvaluator.Draw(items, 10);
        Assert.Equal(10, drawn.Count);
        Assert.Equal(drawn, ProxyEvaluator.Draw(items, 10));
        Assert.Equal(10, drawn.Distinct().Count());
        Assert.All(drawn, item => Assert.Contains(item, items));
        Assert.NotEqual(items.Take(10), drawn);
        Assert.Same(items, ProxyEvaluator.Draw(items, items.Count));
    }

    [Fact]
    public void Every_named_size_exists_and_a_wrong_one_is_refused_with_its_key()
    {
        Assert.All(ProxySettings.Sizes, size => Assert.NotNull(ProxyOptions.Size(size)));
        Assert.True(ProxyOptions.Size("large")!.Model.Parameters > 3 * ProxyOptions.Default.Model.Parameters);
        Assert.Equal(4 * ProxyOptions.Default.FineTuning.Steps, ProxyOptions.Size("long")!.FineTuning.Steps);

        var problems = new EvaluatorSettings { Kind = "proxy", Proxy = new ProxySettings { Size = "huge", Items = 0 } }.Problems().ToList();
        Assert.Contains(problems, p => p.StartsWith("evaluator.proxy.size: 'huge'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("evaluator.proxy.items", StringComparison.Ordinal));
        Assert.Empty(new EvaluatorSettings { Kind = "proxy" }.Problems());
    }

    [Fact]
    public void A_multiple_choice_item_is_scored_by_its_right_options_text()
    {
        var mmlu = new BenchmarkItem("m", BenchmarkFiles.Options("Which planet is largest?", ["Mars", "Jupiter", "Venus"]), "B");
        Assert.Equal(mmlu with { Prompt = "Which planet is largest?", Answer = "Jupiter" }, ClozeForm.Of(mmlu));

        var bbh = new BenchmarkItem("b", "Pick the time.\nOptions:\n(A) 1pm to 2pm\n(B) 5pm to 6pm", "(B)");
        Assert.Equal(bbh with { Prompt = "Pick the time.", Answer = "5pm to 6pm" }, ClozeForm.Of(bbh));

        // Not multiple choice, or an answer letter among no options: scored as given.
        var sum = new BenchmarkItem("s", "What is 2 + 2?", "4");
        Assert.Same(sum, ClozeForm.Of(sum));
        var stray = new BenchmarkItem("x", BenchmarkFiles.Options("Which?", ["a", "b"]), "D");
        Assert.Same(stray, ClozeForm.Of(stray));

        var choice = new Benchmark("quiz", BenchmarkKind.InDistribution, [mmlu], new MultipleChoiceChecker());
        var cloze = new ProxyEvaluator(Base.Value, [choice], Options).Evaluate(new EvaluationRequest(Pool, Source("sums"), Seed: 1));
        var letter = new ProxyEvaluator(Base.Value, [choice], Options with { Cloze = false }).Evaluate(new EvaluationRequest(Pool, Source("sums"), Seed: 1));
        Assert.NotEqual(Assert.Single(cloze.Scores).BitsPerByte, Assert.Single(letter.Scores).BitsPerByte);
    }
}
