using DataSearch.Signals;
using DataSearch.Signals.Providers;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Signals;

public class AnswerAgreementTests
{
    private static float[] Scores(DataSearch.Pool.SamplePool pool) =>
        new AnswerAgreement().Compute(new SignalInput(pool, "hash", []), null, CancellationToken.None).Columns.Single().Values!;

    [Fact]
    public void The_odd_answer_out_scores_low_the_majority_high_and_a_lone_question_in_between()
    {
        var scores = Scores(PoolMaker.Make(
            ("12+7", "19"),
            ("12 + 7", "19"),      // not the same question: white space inside differs
            ("12+7 ", "19"),       // the same after normalisation
            ("  12+7", "20"),
            ("12+7", " 19 "),
            ("sort dcba", "abcd")));
        // Question "12+7": four samples, three answering 19 → (2 + ½) / 4; the one answering 20 → (0 + ½) / 4.
        Assert.Equal(2.5f / 4, scores[0]);
        Assert.Equal(0.5f, scores[1]);
        Assert.Equal(2.5f / 4, scores[2]);
        Assert.Equal(0.5f / 4, scores[3]);
        Assert.Equal(2.5f / 4, scores[4]);
        Assert.Equal(0.5f, scores[5]);
    }

    [Fact]
    public void On_the_world_without_a_clean_source_it_finds_wrong_answers_without_ground_truth()
    {
        var world = WorldGenerator.Generate(WorldConfigFile.Read(Path.Combine(AppContext.BaseDirectory, "examples", "worlds", "no-clean-source.yaml")));
        var scores = Scores(world.Pool);
        var answered = Enumerable.Range(0, world.Pool.Count).Where(i => world.Truth[i].Pathology is Pathology.Clean or Pathology.WrongAnswer).ToList();
        // Low agreement should mean wrong: the AUC of (−agreement) for "wrong answer" among clean and wrong samples.
        var auc = Separation.Auc([.. answered.Select(i => -scores[i])], [.. answered.Select(i => world.Truth[i].Pathology == Pathology.WrongAnswer)]);
        Assert.True(auc >= 0.8, $"AUC {auc:0.000}");
    }
}
