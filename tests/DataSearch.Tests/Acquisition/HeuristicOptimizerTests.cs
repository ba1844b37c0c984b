using DataSearch.Acquisition;
using DataSearch.Acquisition.Optimizers;
using DataSearch.Checkers;
using DataSearch.Environments;
using DataSearch.Evaluation;

namespace DataSearch.Tests.Acquisition;

public class HeuristicOptimizerTests
{
    private static readonly AcquisitionTask Task = new(
        "knowledge-0",
        "Answer questions about the capitals and rulers of the realms Veloria, Tamsk and Orb.",
        "lookup_hidden",
        TaskKind.Knowledge,
        [new("p0", "capital of Veloria?", "Tamsk"), new("p1", "capital of Orb?", "Ulm")],
        [],
        [],
        new ExactMatchChecker());

    private static OptimizerInput Input(params string[] answers)
    {
        var analysis = TaskAnalysis.Of(Task, answers, (a, b) => a == b);
        return OptimizerInput.Of(Task, analysis, new TrajectoryLimits(), new ApiCosts());
    }

    [Fact]
    public void Analysis_finds_failed_probes_and_the_names_in_them_but_not_sentence_starts()
    {
        var analysis = TaskAnalysis.Of(Task, ["Tamsk", "wrong"], (a, b) => a == b);
        Assert.Equal(0.5, analysis.ProbeAccuracy);
        Assert.Equal(["capital of Orb?"], analysis.FailedProbes);
        Assert.Equal(["Veloria", "Tamsk", "Orb"], analysis.Entities);
    }

    [Fact]
    public void Before_learning_it_follows_the_rule_and_explores_untried_plans_first()
    {
        var optimizer = new HeuristicOptimizer();
        var input = Input("x", "y");
        var best = optimizer.Best(input, 1);
        Assert.Equal("retrieve_each:k=1", best.Plan);
        Assert.Equal("retrieve(\"Veloria\", 1); retrieve(\"Tamsk\", 1); retrieve(\"Orb\", 1)", best.Text);

        var proposals = optimizer.Propose(input, 5, 9);
        Assert.Equal(5, proposals.Select(p => p.Plan).Distinct().Count());
        Assert.Equal("retrieve_each:k=1", proposals[0].Plan);
        Assert.All(proposals, p => Assert.Contains(p.Plan!, HeuristicOptimizer.PlansFor(input).Keys));
    }

    [Fact]
    public void Failed_probes_add_plans_of_demonstrations_followed_by_their_answers_within_the_limits()
    {
        var plans = HeuristicOptimizer.PlansFor(Input("Tamsk", "wrong"));
        Assert.Equal("demonstrate(\"lookup_hidden\", 512); answer(\"capital of Orb?\")", plans["demonstrate_answer:n=512"].ToString());
        Assert.Equal("demonstrate(\"lookup_hidden\", 128); answer(\"capital of Orb?\")", plans["demonstrate_answer:n=128"].ToString());

        var small = HeuristicOptimizer.PlansFor(OptimizerInput.Of(Task, TaskAnalysis.Of(Task, ["x", "y"], (a, b) => a == b), new TrajectoryLimits { MaxN = 200 }, new ApiCosts()));
        Assert.Equal(["demonstrate_answer:n=128"], small.Keys.Where(k => k.StartsWith("demonstrate_answer", StringComparison.Ordinal)));
        Assert.Equal("demonstrate(\"lookup_hidden\", 128); answer(\"capital of Veloria?\"); answer(\"capital of Orb?\")", small["demonstrate_answer:n=128"].ToString());

        Assert.DoesNotContain(HeuristicOptimizer.PlansFor(Input("Tamsk", "Ulm")).Keys, k => k.Contains("answer", StringComparison.Ordinal)); // nothing failed
    }

    [Fact]
    public void It_learns_the_plan_with_the_best_mean_reward_per_category_and_keeps_it_across_a_checkpoint()
    {
        var optimizer = new HeuristicOptimizer();
        var input = Input("x", "y");
        TrajectoryRecord Reward(string plan, double reward) => new("knowledge-0", "lookup_hidden", "…", plan, reward, 1, reward, 1, 0, []);
        Assert.Null(optimizer.Learn([Reward("retrieve_each:k=1", 40), Reward("retrieve_instruction:k=10", 90)]));
        Assert.Equal("retrieve_instruction:k=10", optimizer.Best(input, 1).Plan);
        var loss = optimizer.Learn([Reward("retrieve_instruction:k=10", 10)]);
        Assert.Equal(80 * 80, loss);
        Assert.Equal("retrieve_instruction:k=10", optimizer.Best(input, 1).Plan);
        optimizer.Learn([Reward("retrieve_instruction:k=10", -100)]);
        Assert.Equal("retrieve_each:k=1", optimizer.Best(input, 1).Plan);

        var restored = new HeuristicOptimizer();
        restored.LoadState(optimizer.SaveState());
        Assert.Equal(optimizer.Learned("lookup_hidden"), restored.Learned("lookup_hidden"));
        Assert.Empty(restored.Learned("reverse"));
    }

    [Fact]
    public void The_fixed_baselines_write_what_their_names_say()
    {
        var input = Input("Tamsk", "Ulm");
        Assert.Equal("", FixedOptimizer.NoData.Best(input, 1).Text);
        Assert.Equal($"retrieve(\"{Task.Instruction}\", 10)", FixedOptimizer.RetrievalOnly.Best(input, 1).Text);
        var everything = TrajectoryParser.Parse(FixedOptimizer.CallEverything.Best(input, 1).Text);
        Assert.Equal(["retrieve", "demonstrate", "answer", "answer"], everything.Calls.Select(c => c.Api));
        Assert.Equal(512, everything.Calls[1].Arguments[1].Number);

        var random = new RandomOptimizer();
        var drawn = random.Propose(input, 20, 4);
        Assert.Equal(drawn.Select(d => d.Text), random.Propose(input, 20, 4).Select(d => d.Text));
        Assert.All(drawn, d => Assert.InRange(TrajectoryParser.Parse(d.Text).Calls.Count, 1, 3));
        Assert.True(drawn.Select(d => d.Text).Distinct().Count() > 10);
    }

    [Fact]
    public void The_random_plan_baseline_draws_every_heuristic_plan_and_never_learns()
    {
        var input = Input("Tamsk", "wrong");
        var plans = HeuristicOptimizer.PlansFor(input);
        var optimizer = new RandomPlanOptimizer();
        var drawn = optimizer.Propose(input, 200, 9);
        Assert.Equal(drawn, optimizer.Propose(input, 200, 9));
        Assert.All(drawn, d => Assert.Equal(plans[d.Plan!].ToString(), d.Text));
        Assert.Equal(plans.Keys.Order(StringComparer.Ordinal), drawn.Select(d => d.Plan!).Distinct().Order(StringComparer.Ordinal));

        var before = Enumerable.Range(0, 50).Select(seed => optimizer.Best(input, (ulong)seed).Plan).ToList();
        optimizer.Learn([.. drawn.Take(5).Select(d => new TrajectoryRecord(Task.Id, Task.Category, d.Text, d.Plan, 50, 1, 49.5, 1, 0, []))]);
        Assert.Equal(before, Enumerable.Range(0, 50).Select(seed => optimizer.Best(input, (ulong)seed).Plan));
    }

    [Fact]
    public void The_best_fixed_plan_applies_its_familys_choice_and_does_nothing_where_the_plan_does_not_apply()
    {
        var failing = Input("Tamsk", "wrong");
        var passing = Input("Tamsk", "Ulm");
        var optimizer = new FixedPlanOptimizer(new Dictionary<string, string> { ["lookup_hidden"] = "answer_failed" });

        var chosen = optimizer.Best(failing, 1);
        Assert.Equal("answer_failed", chosen.Plan);
        Assert.Equal(HeuristicOptimizer.PlansFor(failing)["answer_failed"].ToString(), chosen.Text);
        Assert.All(optimizer.Propose(failing, 3, 2), p => Assert.Equal(chosen, p));

        // No probe failed: there is nothing to answer, so the fixed plan does nothing rather than something else.
        Assert.Equal("none", optimizer.Best(passing, 1).Plan);
        Assert.Equal("none", new FixedPlanOptimizer(new Dictionary<string, string>()).Best(failing, 1).Plan);
        Assert.Null(optimizer.Learn([]));
    }

    [Fact]
    public void A_category_it_never_saw_gets_the_best_plan_of_its_situation_learned_on_other_categories()
    {
        // Two skill tasks (no names in their probes): the optimizer learns on "reverse" only.
        AcquisitionTask Skill(string category) => new($"skill-{category}", $"Answer questions of the '{category}' kind.", category, TaskKind.Skill,
            [new("p0", "reverse: abc", "cba"), new("p1", "reverse: xy", "yx")], [], [], new ExactMatchChecker());
        OptimizerInput InputOf(AcquisitionTask task) => OptimizerInput.Of(task, TaskAnalysis.Of(task, ["wrong", "wrong"], (a, b) => a == b), new TrajectoryLimits(), new ApiCosts());
        var (seen, unseen) = (InputOf(Skill("reverse")), InputOf(Skill("sort")));
        Assert.Equal(HeuristicOptimizer.Situation(seen), HeuristicOptimizer.Situation(unseen));
        Assert.NotEqual(HeuristicOptimizer.Situation(seen), HeuristicOptimizer.Situation(Input("x", "y")));

        var optimizer = new HeuristicOptimizer();
        Assert.Equal(HeuristicOptimizer.RulePlan(unseen), optimizer.Best(unseen, 1).Plan);
        var proposals = optimizer.Propose(seen, 2, 3);
        TrajectoryRecord Reward(ProposedTrajectory p, double reward) => new(seen.TaskId, seen.Category, p.Text, p.Plan, reward, 1, reward, 1, 0, []);
        optimizer.Learn([Reward(proposals[0], -5), Reward(proposals[1], 30)]);
        Assert.Equal(proposals[1].Plan, optimizer.Best(seen, 1).Plan);
        Assert.Equal(proposals[1].Plan, optimizer.Best(unseen, 1).Plan);
        Assert.Empty(optimizer.Learned("sort"));

        // A knowledge task is in another situation: what skill tasks taught does not reach it.
        Assert.Equal(HeuristicOptimizer.RulePlan(Input("x", "y")), optimizer.Best(Input("x", "y"), 1).Plan);
    }

    [Fact]
    public void For_a_new_category_a_plan_that_paid_off_on_one_category_only_ranks_below_one_that_never_lost_much()
    {
        AcquisitionTask Skill(string category) => new($"skill-{category}", $"Answer questions of the '{category}' kind.", category, TaskKind.Skill,
            [new("p0", "q: abc", "cba"), new("p1", "q: xy", "yx")], [], [], new ExactMatchChecker());
        OptimizerInput InputOf(AcquisitionTask task) => OptimizerInput.Of(task, TaskAnalysis.Of(task, ["wrong", "wrong"], (a, b) => a == b), new TrajectoryLimits(), new ApiCosts());
        var optimizer = new HeuristicOptimizer();
        var rewards = new Dictionary<string, (double Demonstrate, double Retrieve)> { ["reverse"] = (40, -1), ["sort"] = (-6, -1), ["graph"] = (-4, -1.5) };
        foreach (var (category, (demonstrate, retrieve)) in rewards)
        {
            var input = InputOf(Skill(category));
            optimizer.Propose(input, 1, 1);
            optimizer.Learn(
            [
                new TrajectoryRecord(input.TaskId, category, "demonstrate(\"x\", 512)", "demonstrate:n=512", demonstrate, 6, demonstrate, 512, 0, []),
                new TrajectoryRecord(input.TaskId, category, "retrieve(\"x\", 3)", "retrieve_instruction:k=3", retrieve, 1, retrieve, 3, 0, []),
            ]);
        }

        // Pooled over every try, demonstrations lead (+10 against −1.2); across categories their bound is
        // 10 − 15.0 < 0 while retrieval's is −1.2 − 0.17: a new skill gets the cheap plan.
        Assert.Equal("demonstrate:n=512", optimizer.Best(InputOf(Skill("reverse")), 1).Plan);
        Assert.Equal("retrieve_instruction:k=3", optimizer.Best(InputOf(Skill("count")), 1).Plan);
        Assert.True(HeuristicOptimizer.CrossCategoryBound([40, -6, -4]) < HeuristicOptimizer.CrossCategoryBound([-1, -1, -1.5]));
        Assert.Equal(10 - (Math.Sqrt(((30 * 30) + (16 * 16) + (14 * 14)) / 2.0) / Math.Sqrt(3)), HeuristicOptimizer.CrossCategoryBound([40, -6, -4])!.Value, 9);
        Assert.Equal(5, HeuristicOptimizer.CrossCategoryBound([10]));
        Assert.Null(HeuristicOptimizer.CrossCategoryBound([]));
    }

    [Fact]
    public void A_family_without_a_choice_gets_the_best_plan_over_every_family_that_applies_to_it()
    {
        var failing = Input("Tamsk", "wrong");
        // The best plan overall looks up names: this task has names, so it applies; a skill task without
        // names gets the next plan that applies to it.
        var optimizer = new FixedPlanOptimizer(new Dictionary<string, string> { ["sort"] = "demonstrate:n=32" }, ["retrieve_each:k=1", "answer_failed", "none"]);
        Assert.Equal("retrieve_each:k=1", optimizer.Best(failing, 1).Plan);
        AcquisitionTask skill = new("skill-add", "Add.", "add", TaskKind.Skill, [new("p0", "1+1", "2")], [], [], new ExactMatchChecker());
        var skillInput = OptimizerInput.Of(skill, TaskAnalysis.Of(skill, ["3"], (a, b) => a == b), new TrajectoryLimits(), new ApiCosts());
        Assert.Equal("answer_failed", optimizer.Best(skillInput, 1).Plan);
        Assert.Equal("none", new FixedPlanOptimizer(new Dictionary<string, string>(), ["retrieve_each:k=1"]).Best(skillInput, 1).Plan);
    }
}
