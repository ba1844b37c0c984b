using DataSearch.Acquisition;
using DataSearch.Models.Acquisition;
using DataSearch.Retrieval;
using DataSearch.Teachers;
using DataSearch.Tests.Support;
using DataSearch.Text;
using DataSearch.World;

namespace DataSearch.Tests.Acquisition;

public class AcquisitionApiTests
{
    private static readonly GeneratedWorld World = WorldGenerator.Generate(WorldOptions.Small(5));
    private static readonly WorldSkills Skills = new(World.Encyclopedia);

    [Fact]
    public void The_world_teacher_answers_every_benchmark_question_right_and_a_fully_noisy_one_never()
    {
        var teacher = new WorldTeacher(Skills, 0);
        var noisy = new WorldTeacher(Skills, 1);
        foreach (var item in World.Benchmarks.SelectMany(b => b.Items))
        {
            Assert.Equal(item.Answer, teacher.Answer(item.Prompt, 1, default));
            Assert.NotEqual(item.Answer, noisy.Answer(item.Prompt, 1, default));
        }

        Assert.Null(teacher.Answer("what is the meaning of life?", 1, default));
        Assert.NotEqual(teacher.Version, noisy.Version);
    }

    [Fact]
    public void Demonstrations_follow_the_named_skill_or_the_skill_of_an_example_question()
    {
        var teacher = new WorldTeacher(Skills, 0);
        var reverse = teacher.Demonstrate("reverse", 20, 7, default);
        Assert.Equal(20, reverse.Count);
        Assert.All(reverse, p => Assert.Equal(new string([.. p.Prompt[4..].Reverse()]), p.Response));
        Assert.Equal(reverse, teacher.Demonstrate("reverse", 20, 7, default));
        Assert.NotEqual(reverse, teacher.Demonstrate("reverse", 20, 8, default));

        var byExample = teacher.Demonstrate("12+7", 5, 1, default);
        Assert.All(byExample, p => Assert.Equal(Skills.Find("add")!.Solve(p.Prompt), p.Response));
        Assert.Empty(teacher.Demonstrate("poetry", 5, 1, default));
    }

    [Fact]
    public void The_world_teacher_reads_an_article_into_its_facts()
    {
        var entity = World.Encyclopedia.Hidden[0];
        var article = World.Encyclopedia.Documents().Single(d => d.Title == entity.Name);
        var samples = new WorldTeacher(Skills, 1).Read(new CorpusPassage(article.Id, article.Title, article.Text), "any task", 1, default);
        Assert.Contains(new TeacherPair($"capital of {entity.Name}?", entity.Capital), samples);
        Assert.Contains(new TeacherPair($"ruler of {entity.Name}?", entity.Ruler), samples);
        Assert.All(samples, s => Assert.True(s.Prompt.Length <= ContinuationReader.MaxChars + entity.Name.Length + 12, s.Prompt));
    }

    [Fact]
    public void The_continuation_reader_knows_no_question_form_and_reads_any_text()
    {
        var entity = World.Encyclopedia.Hidden[0];
        var article = World.Encyclopedia.Documents().Single(d => d.Title == entity.Name);
        var samples = new ContinuationReader().Read(new CorpusPassage(article.Id, article.Title, article.Text));
        Assert.NotEmpty(samples);
        Assert.DoesNotContain(samples, s => s.Prompt.EndsWith('?'));
        var wiki = new ContinuationReader().Read(new CorpusPassage("w1", "Ada Lovelace", "Ada Lovelace was an English mathematician and writer. She is known for her work on the Analytical Engine. Short one."));
        Assert.Equal(2, wiki.Count);
        Assert.Equal(new TeacherPair("Ada Lovelace was an", "English mathematician an"), wiki[0]);
        Assert.All(wiki, s => Assert.True(s.Prompt.Length <= ContinuationReader.MaxChars && s.Response.Length <= ContinuationReader.MaxChars));
    }

    [Fact]
    public void Retrieval_costs_per_passage_and_a_repeated_call_comes_from_the_cache()
    {
        using var temp = new TempFolder();
        using var corpus = Encyclopedia(World.Encyclopedia.Documents());
        var costs = new ApiCosts();
        var entity = World.Encyclopedia.Hidden[1];
        int passagesRead;
        using (var cache = ApiCache.Open(temp.File("cache.sqlite")))
        {
            var apis = new AcquisitionApis(corpus, new WorldTeacher(Skills, 0), costs, new TrajectoryLimits(), cache);
            var named = apis.Call(new ApiCall("retrieve", [ApiArgument.Of(entity.Name), ApiArgument.Of(3)]), "t", 0, 1);
            Assert.Equal(costs.RetrieveCall + costs.RetrievePassage, named.Cost, 9);
            var call = new ApiCall("retrieve", [ApiArgument.Of(entity.Name + " realm"), ApiArgument.Of(3)]);
            var first = apis.Call(call, "t", 0, 1);
            Assert.Null(first.Error);
            Assert.False(first.Cached);
            Assert.Equal(costs.RetrieveCall + (3 * costs.RetrievePassage), first.Cost, 9);
            Assert.Equal(first.Cost, apis.MaximumCost(call), 9);
            Assert.Contains(first.Samples, s => s.Prompt == $"ruler of {entity.Name}?" && s.Response == entity.Ruler);
            Assert.All(first.Samples, s => Assert.Equal("retrieve", s.Api));

            var second = apis.Call(call, "t", 0, 1);
            Assert.True(second.Cached);
            Assert.Equal(first.Samples.Select(s => (s.Prompt, s.Response)), second.Samples.Select(s => (s.Prompt, s.Response)));
            passagesRead = named.Samples.Concat(first.Samples).Select(s => s.Origin).Distinct().Count();
        }

        using (var reopened = ApiCache.Open(temp.File("cache.sqlite")))
        {
            Assert.Equal(2 + passagesRead, reopened.Count()); // two searches, and each passage's reading once
            using var other = Encyclopedia(World.Encyclopedia.Documents().Skip(1).ToList());
            var apis = new AcquisitionApis(other, new WorldTeacher(Skills, 0), costs, new TrajectoryLimits(), reopened);
            Assert.False(apis.Call(new ApiCall("retrieve", [ApiArgument.Of(entity.Name + " realm"), ApiArgument.Of(3)]), "t", 0, 1).Cached);
        }
    }

    [Theory]
    [InlineData("search(\"x\", 1)", "unknown API 'search'; known: retrieve, demonstrate, answer")]
    [InlineData("retrieve(\"x\")", "retrieve takes (query: string, k: int)")]
    [InlineData("retrieve(\"x\", 11)", "retrieve: 11 is outside [1, 10] (limits.max_k)")]
    [InlineData("demonstrate(\"add\", 0)", "demonstrate: 0 is outside [1, 512] (limits.max_n)")]
    [InlineData("demonstrate(3, \"add\")", "demonstrate takes (skill_or_instruction: string, n: int)")]
    [InlineData("answer(\"  \")", "answer: the first argument is empty")]
    [InlineData("answer(\"poem please\")", "the call returned nothing usable")]
    public void A_call_that_cannot_run_is_charged_and_explained(string text, string error)
    {
        using var corpus = Encyclopedia(World.Encyclopedia.Documents());
        var apis = new AcquisitionApis(corpus, new WorldTeacher(Skills, 0), new ApiCosts(), new TrajectoryLimits(), null);
        var outcome = apis.Call(TrajectoryParser.Parse(text).Calls[0], "t", 0, 1);
        Assert.Equal(error, outcome.Error);
        Assert.Empty(outcome.Samples);
        Assert.True(outcome.Cost > 0);
    }

    [Fact]
    public void Limits_skip_calls_that_could_overspend_and_decontamination_removes_benchmark_questions()
    {
        using var corpus = Encyclopedia(World.Encyclopedia.Documents());
        var costs = new ApiCosts();
        var limits = new TrajectoryLimits { MaxCost = 3, MaxCalls = 3 };
        var apis = new AcquisitionApis(corpus, new WorldTeacher(Skills, 0), costs, limits, null);
        var benchmark = World.Benchmarks.First(b => b.Name == "add");
        var contamination = ContaminationIndex.Build([new DataSearch.Signals.TargetSet("add", [.. benchmark.Items.Select(i => i.Prompt)])], 13, 8);
        var executor = new TrajectoryExecutor(apis, contamination, 1);
        var question = benchmark.Items[0].Prompt;
        var trajectory = TrajectoryParser.Parse($"answer(\"{question}\"); answer(\"rev abc\"); demonstrate(\"add\", 500); answer(\"1+1\"); answer(\"2+2\")");
        var seen = new List<int>();
        var execution = executor.Execute(trajectory, "t", (i, _) => seen.Add(i));

        Assert.Equal([0, 1, 3], seen);
        Assert.Equal(3, execution.Calls.Count);
        Assert.True(execution.Cost <= limits.MaxCost);
        Assert.Contains(execution.Skipped, s => s.StartsWith("demonstrate(\"add\", 500): could cost 5.5", StringComparison.Ordinal));
        Assert.Contains(execution.Skipped, s => s.Contains("over limits.max_calls = 3", StringComparison.Ordinal));
        var removed = Assert.Single(execution.Removed);
        Assert.Equal(("add", question), (removed.Benchmark, removed.Sample.Prompt));
        Assert.Contains(execution.Samples, s => s.Prompt == "rev abc" && s.Response == "cba");
        Assert.DoesNotContain(execution.Samples, s => s.Prompt == question);
    }

    [Fact]
    public void An_empty_corpus_answers_nothing_without_failing()
    {
        using var corpus = Encyclopedia([]);
        var apis = new AcquisitionApis(corpus, new WorldTeacher(Skills, 0), new ApiCosts(), new TrajectoryLimits(), null);
        var outcome = apis.Call(new ApiCall("retrieve", [ApiArgument.Of("anything"), ApiArgument.Of(5)]), "t", 0, 1);
        Assert.Equal("the call returned nothing usable", outcome.Error);
        Assert.Equal(new ApiCosts().RetrieveCall, outcome.Cost);
    }

    [Fact]
    public void A_jsonl_corpus_is_cut_into_passages_and_a_bad_line_is_named()
    {
        using var temp = new TempFolder();
        var good = temp.Write("c.jsonl", "{\"id\":\"a\",\"title\":\"Tamsk\",\"text\":\"Tamsk is a harbour town. Its river is Ulm.\"}\n\n{\"title\":\"B\",\"text\":\"Other words here.\"}\n");
        using var corpus = KnowledgeCorpus.FromJsonl(good);
        Assert.Equal(["a#0", "doc-3#0"], corpus.Passages.Select(p => p.Id));
        Assert.Equal("a#0", corpus.Search("harbour", 1).Single().Id);

        var bad = temp.Write("bad.jsonl", "{\"title\":\"x\",\"text\":\"fine\"}\n{\"title\":\"y\"}\n");
        var error = Assert.Throws<Errors.InvalidInputException>(() => KnowledgeCorpus.FromJsonl(bad));
        Assert.Contains("bad.jsonl:2: field 'text'", error.Message);
    }

    [Fact]
    public void Every_task_question_is_in_the_decontamination_benchmarks_and_tasks_never_share_questions()
    {
        var tasks = WorldTasks.Build(Skills, 3);
        Assert.Equal(Skills.Benchmarked.Count + (Skills.HiddenLookup.Entities.Count / WorldTasks.EntitiesPerKnowledgeTask), tasks.Count);
        var sets = AcquisitionSession.Benchmarks(World.Benchmarks, tasks);
        foreach (var task in tasks)
        {
            var prompts = task.Dev.Concat(task.Test).Select(i => i.Prompt).ToList();
            Assert.Subset(sets.Single(s => s.Name == $"task:{task.Id}").Texts.ToHashSet(), prompts.ToHashSet());
            Assert.Empty(task.Probes.Select(p => p.Prompt).Intersect(prompts));
            Assert.Empty(task.Dev.Select(p => p.Prompt).Intersect(task.Test.Select(p => p.Prompt)));
        }
    }

    private static KnowledgeCorpus Encyclopedia(IReadOnlyList<EncyclopediaDocument> documents) =>
        KnowledgeCorpus.FromPassages("encyclopedia", [.. documents.Select(d => new CorpusPassage(d.Id, d.Title, d.Text))]);
}
