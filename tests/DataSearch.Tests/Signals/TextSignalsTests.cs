using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Signals;

public class TextSignalsTests
{
    private static SignalSet Compute(DataSearch.Pool.SamplePool pool, params ISignalProvider[] providers) =>
        new(pool.Count, providers.Select(p => p.Compute(new SignalInput(pool, "hash", []), null, default)));

    [Fact]
    public void Lengths_turns_and_ratio_follow_the_messages()
    {
        var pool = PoolMaker.Make(("abcd", "xy"), ("é", "long answer here"));
        var signals = Compute(pool, new TextSignals());
        Assert.Equal([4 + 1 + 2, 1 + 1 + 16], signals.Scores("chars")); // contents joined by one newline
        Assert.Equal([6, 2 + 16], signals.Scores("tokens"));           // UTF-8 bytes: é is two
        Assert.Equal([2, 2], signals.Scores("turns"));
        Assert.Equal(0.5f, signals.Scores("response_ratio")[0]);
        Assert.Equal(1 / 18f, signals.Scores("non_ascii_ratio")[1], 5);
    }

    [Fact]
    public void Ngram_entropy_is_the_entropy_of_word_bigrams()
    {
        // "a b a b": bigrams ab, ba, ab → p = 2/3, 1/3 → H = 0.9183 bits. "a a a": one bigram → 0.
        var pool = PoolMaker.Make(("a b", "a b"), ("a", "a a"));
        var entropy = Compute(pool, new TextSignals()).Scores("ngram_entropy");
        Assert.Equal(0.9183, entropy[0], 3);
        Assert.Equal(0, entropy[1], 6);
    }

    [Fact]
    public void Repetition_and_quality_penalise_looping_responses()
    {
        var pool = PoolMaker.Make(("q", "one two three four five six"), ("q", "go on go on go on go on"));
        var signals = Compute(pool, new TextSignals());
        Assert.Equal(0, signals.Scores("repetition")[0]);
        Assert.True(signals.Scores("repetition")[1] > 0.5);
        Assert.True(signals.Scores("quality")[0] > signals.Scores("quality")[1]);
    }

    [Fact]
    public void Action_object_pairs_come_from_instruction_clauses()
    {
        Assert.Equal([("sort", "letters"), ("write", "poem")], ActionObjects.Extract("Write a poem and then sort the letters."));
        Assert.Empty(ActionObjects.Extract("What is the capital of France?"));
        var scores = ActionObjects.Score([[("write", "poem")], [("write", "poem")], [("write", "poem"), ("sort", "letters")], []]);
        Assert.Equal(0, scores[3]);
        Assert.True(scores[2] > scores[0]);
    }

    [Fact]
    public void Exact_duplicates_ignore_case_and_spacing_but_not_roles()
    {
        var builder = new DataSearch.Pool.PoolBuilder();
        void Add(DataSearch.Pool.ChatRole role, string text) =>
            builder.TryAdd(null, [new(role, text), new(DataSearch.Pool.ChatRole.Assistant, "ok")], "s", null, [], null, out _, out _);
        Add(DataSearch.Pool.ChatRole.User, "Hello   World");
        Add(DataSearch.Pool.ChatRole.User, "hello world");
        Add(DataSearch.Pool.ChatRole.System, "hello world");
        Add(DataSearch.Pool.ChatRole.User, "hello world!");
        var clusters = Compute(builder.Build(), new ExactDuplicates()).Clusters(ExactDuplicates.Column);
        Assert.Equal(clusters[0], clusters[1]);
        Assert.NotEqual(clusters[0], clusters[2]);
        Assert.NotEqual(clusters[0], clusters[3]);
    }
}
