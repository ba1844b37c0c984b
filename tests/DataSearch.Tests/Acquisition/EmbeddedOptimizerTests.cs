using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using DataSearch.Checkers;
using DataSearch.Environments;
using DataSearch.Evaluation;
using DataSearch.Models;
using DataSearch.Models.Acquisition;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Acquisition;

[Collection(nameof(ModelCollection))]
public class EmbeddedOptimizerTests
{
    private static readonly AcquisitionTask Knowledge = new(
        "knowledge-0",
        "Answer questions about the capitals and rulers of the realms Veloria, Tamsk and Orb.",
        "lookup_hidden",
        TaskKind.Knowledge,
        [new("p0", "capital of Veloria?", "Tamsk"), new("p1", "capital of Orb?", "Ulm")],
        [],
        [],
        new ExactMatchChecker());

    private static readonly AcquisitionTask Skill = new(
        "skill-reverse",
        "Answer questions of the 'reverse' kind, e.g. \"rev abc\" → \"cba\".",
        "reverse",
        TaskKind.Skill,
        [new("p0", "rev lanto", "otnal"), new("p1", "rev brag", "garb")],
        [],
        [],
        new ExactMatchChecker());

    private static OptimizerInput Input(AcquisitionTask task, params string[] answers) =>
        OptimizerInput.Of(task, TaskAnalysis.Of(task, answers, (a, b) => a == b), new TrajectoryLimits(), new ApiCosts());

    [Fact]
    public void Templates_expand_against_the_task_and_each_plan_template_is_exactly_that_plan()
    {
        var input = Input(Knowledge, "Tamsk", "wrong");
        Assert.Equal(
            "retrieve(\"Veloria\", 1); retrieve(\"Tamsk\", 1); retrieve(\"Orb\", 1); demonstrate(\"lookup_hidden\", 8); answer(\"capital of Orb?\")",
            TrajectoryTemplate.Expand("retrieve(\"$names\", 1); demonstrate(\"$category\", 8); answer(\"$failed\")", input));
        Assert.Equal(string.Empty, TrajectoryTemplate.Expand("answer(\"$failed\")", Input(Knowledge, "Tamsk", "Ulm")));
        Assert.Equal("retrieve(\"$names\" 1)", TrajectoryTemplate.Expand("retrieve(\"$names\" 1)", input)); // malformed: left for the executor to charge
        Assert.Equal("answer(\"rev abc\")", TrajectoryTemplate.Expand("answer(\"rev abc\")", input));

        foreach (var task in new[] { Input(Knowledge, "wrong", "wrong"), Input(Skill, "x", "garb") })
        {
            var plans = HeuristicOptimizer.PlansFor(task);
            var templates = TrajectoryTemplate.ForPlans(task);
            Assert.Equal(plans.Keys.Order(), templates.Keys.Order());
            Assert.All(plans, p => Assert.Equal(p.Value.ToString(), TrajectoryTemplate.Expand(templates[p.Key], task)));
        }
    }

    [Fact]
    public void Sampling_is_reproducible_and_tempered()
    {
        using var model = LanguageModel.Create(EmbeddedOptimizer.Network, 3);
        var first = model.Sample(["abc", "abc", "abc"], 8, 1.0, seed: 5);
        Assert.Equal(first, model.Sample(["abc", "abc", "abc"], 8, 1.0, seed: 5));
        Assert.True(first.Distinct().Count() > 1, "an untrained model sampled at temperature 1 should not repeat itself");
        var cold = model.Sample(["abc", "abc"], 8, 1e-4, seed: 9);
        Assert.Equal(model.Answer(["abc"], 8)[0], cold[0]); // temperature → 0 is greedy decoding
        Assert.Equal(cold[0], cold[1]);
    }

    [Fact]
    public void It_learns_from_rewards_which_template_pays_for_each_kind_of_task_and_keeps_it_across_a_checkpoint()
    {
        var knowledge = Input(Knowledge, "wrong", "wrong");
        var skill = Input(Skill, "x", "garb");
        var paying = new Dictionary<string, string>
        {
            [knowledge.TaskId] = TrajectoryTemplate.ForPlans(knowledge)["retrieve_each:k=2"],
            [skill.TaskId] = TrajectoryTemplate.ForPlans(skill)["demonstrate:n=512"],
        };
        using var optimizer = new EmbeddedOptimizer(seed: 1);
        var proposed = new List<string>();
        for (var iteration = 0; iteration < 4; iteration++)
        {
            var records = new List<TrajectoryRecord>();
            foreach (var input in new[] { knowledge, skill })
            {
                foreach (var proposal in optimizer.Propose(input, 4, (ulong)(10 + iteration)))
                {
                    proposed.Add(proposal.Plan!);
                    var pays = proposal.Plan == "template:" + paying[input.TaskId];
                    records.Add(new TrajectoryRecord(input.TaskId, input.Category, proposal.Text, proposal.Plan, pays ? 40 : 0, 2, pays ? 39 : -1, 10, 0, []));
                }
            }

            optimizer.Learn(records);
        }

        Assert.True(proposed.Distinct().Count() >= 6, "sampling should explore several templates: " + string.Join(", ", proposed.Distinct()));
        Assert.Equal("template:" + paying[knowledge.TaskId], optimizer.Best(knowledge, 1).Plan);
        Assert.Equal("template:" + paying[skill.TaskId], optimizer.Best(skill, 1).Plan);
        Assert.Equal("retrieve(\"Veloria\", 2); retrieve(\"Tamsk\", 2); retrieve(\"Orb\", 2)", optimizer.Best(knowledge, 1).Text);

        using var restored = new EmbeddedOptimizer(seed: 99);
        restored.LoadState(optimizer.SaveState());
        Assert.Equal(optimizer.Best(knowledge, 1), restored.Best(knowledge, 1));
        Assert.Equal(optimizer.Best(skill, 1), restored.Best(skill, 1));
    }
}
