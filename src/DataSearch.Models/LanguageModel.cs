using System.Diagnostics;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Progress;
using DataSearch.Randomness;

using TorchSharp;
using static TorchSharp.torch;

namespace DataSearch.Models;

/// <summary>
/// The embedded language model: a <see cref="Gpt"/> over byte tokens with training (loss on response
/// tokens only), greedy decoding with or without a key/value cache, and checkpoints.
/// </summary>
public sealed class LanguageModel : IDisposable
{
    private const int IgnoredTarget = -100;

    private LanguageModel(Gpt network)
    {
        Network = network;
    }

    /// <summary>The network.</summary>
    public Gpt Network { get; }

    /// <summary>The network's shape.</summary>
    public GptConfig Config => Network.Config;

    /// <summary>A freshly initialised model; the same seed gives the same weights.</summary>
    public static LanguageModel Create(GptConfig config, ulong seed)
    {
        if (config.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidConfigurationException("model", problems);
        }

        // torch's generator is global: no other thread may seed or draw from it between these two lines.
        using (TrainingLock.InProcess())
        {
            torch.manual_seed((long)(seed & long.MaxValue));
            return new LanguageModel(new Gpt(config));
        }
    }

    /// <summary>Sets how many CPU threads torch uses (for this process).</summary>
    public static void UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        torch.set_num_threads(threads);
    }

    /// <summary>How many CPU threads torch uses now.</summary>
    public static int Threads => torch.get_num_threads();

    /// <summary>A copy with the same weights (e.g. to fine-tune a base model without touching it).</summary>
    public LanguageModel Clone()
    {
        var copy = new Gpt(Config);
        copy.load_state_dict(Network.state_dict());
        return new LanguageModel(copy);
    }

    /// <summary>
    /// Trains on <paramref name="examples"/> for exactly <see cref="TrainingOptions.Steps"/> steps, in
    /// shuffled passes; each step fills <see cref="TrainingOptions.BatchSize"/> rows of the context length
    /// with whole examples, so every step processes the same number of positions whatever the data.
    /// </summary>
    public TrainingReport Train(
        IReadOnlyList<TokenizedExample> examples,
        TrainingOptions options,
        IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default,
        string stage = "train")
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new InvalidConfigurationException("training options", problems);
        }

        if (examples.Count == 0)
        {
            throw new ArgumentException("Cannot train on an empty set of examples.", nameof(examples));
        }

        // One training run at a time, here and in other datasearch processes that would share these cores.
        using var turn = TrainingLock.Hold(Threads, progress, cancellationToken);
        var stream = new ExampleStream(examples, options.Seed, options.PackingLookahead);
        // Disposed at the end: its moment tensors are native memory the garbage collector does not see.
        using var optimizer = new FlatAdamW(Network.parameters(), options.WeightDecay);
        var losses = new double[options.Steps];
        long tokens = 0;
        var watch = Stopwatch.StartNew();
        Network.train();
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SetLearningRate(optimizer, options, step);
            var (stepTokens, stepLoss) = GcQuiet.Run(() => TrainStep(optimizer, stream, options.BatchSize));
            tokens += stepTokens;
            losses[step] = stepLoss;
            if (step % 10 == 9 || step == options.Steps - 1)
            {
                progress?.Report(new ProgressReport(stage, step + 1, options.Steps, "steps"));
            }
        }

        Network.eval();
        var seconds = watch.Elapsed.TotalSeconds;

        // Steps run with the collector held off (GcQuiet), so the step's TorchSharp wrappers pile up
        // unfinalised, holding their native tensors: gigabytes over a run of many short trainings.
        // One full collection per training (about 20 ms) returns them.
        GcQuiet.Collect();
        var tenth = Math.Max(1, options.Steps / 10);
        return new TrainingReport(options.Steps, tokens, seconds, losses.Take(tenth).Average(), losses.TakeLast(tenth).Average());
    }

    private (long Tokens, double Loss) TrainStep(FlatAdamW optimizer, ExampleStream stream, int rows)
    {
        optimizer.ZeroGrad();
        long counted;
        double lossValue;
        using (NewDisposeScope())
        {
            var (input, target, layout, tokens) = PackBatch(stream, rows);
            counted = tokens;
            var logits = Network.ForwardPacked(input, layout);
            var loss = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), target.view(-1), ignore_index: IgnoredTarget);
            loss.backward();
            nn.utils.clip_grad_norm_(Network.parameters(), 1.0);
            lossValue = loss.item<float>();
        }

        // Outside the scope: the optimiser keeps state across steps, which a dispose scope would free.
        optimizer.Step();
        return (counted, lossValue);
    }

    /// <summary>
    /// Greedily answers each prompt (up to <paramref name="maxNewTokens"/> tokens or the end-of-text token).
    /// Prompts of equal length are decoded together; with <paramref name="useCache"/> each new token costs
    /// one position, without it the whole sequence is recomputed (kept for comparison).
    /// </summary>
    public IReadOnlyList<string> Answer(IReadOnlyList<string> prompts, int maxNewTokens, bool useCache = true) =>
        Generate(prompts, maxNewTokens, useCache, temperature: 0, random: null);

    /// <summary>
    /// Samples one continuation per prompt at <paramref name="temperature"/> (softmax of logits /
    /// temperature), reproducibly from <paramref name="seed"/>; stops at the end-of-text token.
    /// </summary>
    public IReadOnlyList<string> Sample(IReadOnlyList<string> prompts, int maxNewTokens, double temperature, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        return Generate(prompts, maxNewTokens, useCache: true, temperature, new DeterministicRandom(seed));
    }

    /// <summary>Decodes prompts of equal length together: greedily, or sampled when <paramref name="temperature"/> &gt; 0.</summary>
    private string[] Generate(IReadOnlyList<string> prompts, int maxNewTokens, bool useCache, double temperature, DeterministicRandom? random)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var answers = new string[prompts.Count];
        var encoded = prompts.Select(p => ByteTokenizer.Prompt(p)).ToArray();
        Network.eval();
        using var noGrad = no_grad();
        foreach (var group in Enumerable.Range(0, prompts.Count).GroupBy(i => encoded[i].Length))
        {
            var members = group.ToArray();
            var length = Math.Min(group.Key, Config.Context - 1);
            var budget = Math.Min(maxNewTokens, Config.Context - length);
            var rows = members.Select(i => encoded[i][^length..]).ToArray();
            var generated = Decode(rows, budget, useCache, temperature, random);
            for (var r = 0; r < members.Length; r++)
            {
                answers[members[r]] = ByteTokenizer.Decode(generated[r]);
            }
        }

        return answers;
    }

    /// <summary>Greedy answers to <paramref name="items"/>, each allowed <see cref="AnswerBudget"/> tokens.</summary>
    public IReadOnlyList<string> Answer(IReadOnlyList<BenchmarkItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 0 ? [] : Answer([.. items.Select(item => item.Prompt)], AnswerBudget(items));
    }

    /// <summary>
    /// New tokens allowed when answering <paramref name="items"/>: two more than the longest expected answer,
    /// so a right answer always fits and a wrong one cannot run on.
    /// </summary>
    public static int AnswerBudget(IEnumerable<BenchmarkItem> items) => items.Max(item => ByteTokenizer.Encode(item.Answer).Length) + 2;

    /// <summary>How many of <paramref name="items"/> the model answers right, as <paramref name="check"/> (predicted, expected) decides.</summary>
    public int CountCorrect(IReadOnlyList<BenchmarkItem> items, Func<string, string, bool> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var answers = Answer(items);
        return items.Where((item, i) => check(answers[i], item.Answer)).Count();
    }

    /// <summary>Saves the weights and a description beside them; the description is written last, so a checkpoint with one is complete.</summary>
    public void Save(string path) => Checkpoint.Save(this, path);

    /// <summary>Loads a checkpoint written by <see cref="Save"/>, checking it is whole and matches its description.</summary>
    public static LanguageModel Load(string path) => new(Checkpoint.Load(path));

    public void Dispose() => Network.Dispose();

    private List<int>[] Decode(int[][] rows, int budget, bool useCache, double temperature = 0, DeterministicRandom? random = null)
    {
        var batch = rows.Length;
        var outputs = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var finished = new bool[batch];
        var sequence = rows.Select(r => r.ToList()).ToArray();
        using var cache = useCache ? new KeyValueCache(Config.Layers) : null;
        for (var step = 0; step < budget && !finished.All(f => f); step++)
        {
            using var scope = NewDisposeScope();
            Tensor input;
            if (useCache && step > 0)
            {
                input = tensor(sequence.Select(s => (long)s[^1]).ToArray(), [batch, 1]);
            }
            else
            {
                input = tensor(sequence.SelectMany(s => s.Select(t => (long)t)).ToArray(), [batch, sequence[0].Count]);
            }

            var next = temperature > 0
                ? GcQuiet.Run(() => Draw(Network.Forward(input, cache, hiddenLayer: -1, out _).select(1, -1), temperature, random!))
                : GcQuiet.Run(() => Network.Forward(input, cache, hiddenLayer: -1, out _).select(1, -1).argmax(-1).data<long>().ToArray());
            for (var r = 0; r < batch; r++)
            {
                var token = (int)next[r];
                sequence[r].Add(token);
                if (!finished[r])
                {
                    if (token == ByteTokenizer.EndOfText)
                    {
                        finished[r] = true;
                    }
                    else
                    {
                        outputs[r].Add(token);
                    }
                }
            }
        }

        return outputs;
    }

    /// <summary>One token per row of <paramref name="logits"/>, drawn from softmax(logits / temperature) with our own generator (reproducible on any platform).</summary>
    private static long[] Draw(Tensor logits, double temperature, DeterministicRandom random)
    {
        var vocabulary = (int)logits.shape[1];
        var probabilities = (logits.to_type(ScalarType.Float64) / temperature).softmax(-1).data<double>().ToArray();
        var tokens = new long[logits.shape[0]];
        for (var row = 0; row < tokens.Length; row++)
        {
            var target = random.NextDouble();
            var token = vocabulary - 1;
            var total = 0.0;
            for (var v = 0; v < vocabulary; v++)
            {
                total += probabilities[(row * vocabulary) + v];
                if (target < total)
                {
                    token = v;
                    break;
                }
            }

            tokens[row] = token;
        }

        return tokens;
    }

    /// <summary>
    /// Fills <paramref name="rows"/> rows of the context length with whole examples back to back (an
    /// example longer than the context is cut; which ones fill a row's room: <see cref="ExampleStream"/>),
    /// so every step costs the same whatever the data. Loss is taken where a token predicts a response
    /// token of its own example.
    /// </summary>
    private (Tensor Input, Tensor Target, PackedLayout Layout, long Counted) PackBatch(ExampleStream stream, int rows)
    {
        var length = Config.Context;
        var input = new long[rows * length];
        var target = new long[rows * length];
        var segments = new int[rows][];
        Array.Fill(input, ByteTokenizer.Pad);
        Array.Fill(target, IgnoredTarget);
        long counted = 0;
        for (var r = 0; r < rows; r++)
        {
            var segment = Enumerable.Repeat(-1, length).ToArray();
            var used = 0;
            var number = 0;
            foreach (var example in stream.TakeRow(length))
            {
                var tokens = example.Tokens.Length > length ? example.Tokens[..length] : example.Tokens;
                for (var t = 0; t < tokens.Length; t++)
                {
                    var position = (r * length) + used + t;
                    input[position] = tokens[t];
                    segment[used + t] = number;
                    if (t + 1 < tokens.Length && t + 1 >= example.ResponseStart)
                    {
                        target[position] = tokens[t + 1];
                    }
                }

                used += tokens.Length;
                number++;
            }

            segments[r] = segment;
            counted += used;
        }

        return (tensor(input, [rows, length]), tensor(target, [rows, length]), PackedLayout.FromSegments(segments), counted);
    }

    private static void SetLearningRate(FlatAdamW optimizer, TrainingOptions options, int step)
    {
        double rate;
        if (step < options.WarmupSteps)
        {
            rate = options.LearningRate * (step + 1) / options.WarmupSteps;
        }
        else
        {
            var progress = (step - options.WarmupSteps) / (double)Math.Max(1, options.Steps - options.WarmupSteps);
            rate = options.LearningRate * (0.1 + (0.9 * 0.5 * (1 + Math.Cos(Math.PI * progress))));
        }

        optimizer.LearningRate = rate;
    }
}
