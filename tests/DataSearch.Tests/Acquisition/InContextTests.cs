using System.Text;
using DataSearch.Acquisition;
using DataSearch.Environments;
using DataSearch.Models;
using DataSearch.Models.Acquisition;
using DataSearch.Tests.Support;
using DataSearch.World;

namespace DataSearch.Tests.Acquisition;

[Collection(nameof(ModelCollection))]
public class InContextTests
{
    private static readonly GeneratedWorld World = WorldGenerator.Generate(WorldOptions.Small(5));

    [Fact]
    public void A_prompt_packs_whole_examples_within_the_budget_with_the_best_nearest_the_question()
    {
        var examples = new[]
        {
            new WorkedExample("capital of Kriz?", "Rast", "lookup"),
            new WorkedExample("a very long example that cannot fit in the little room left", "no", "lookup"),
            new WorkedExample("ruler of Kriz?", "Krikubo", "lookup"),
            new WorkedExample("Kriz is", "a small realm", "lookup"),
        };
        const string question = "capital of Kriz?";
        var prompt = InContextReader.Prompt(examples, question, budget: 70);
        Assert.True(Encoding.UTF8.GetByteCount(prompt) <= 70, prompt);
        var lines = prompt.Split('\n');
        Assert.Equal(question + "\t", lines[^1]);
        Assert.Equal(["ruler of Kriz?\tKrikubo", "capital of Kriz?\tRast"], lines[..^1]);
        Assert.Equal(question + "\t", InContextReader.Prompt(examples, question, budget: 10));
    }

    [Fact]
    public void Reading_practice_shows_the_answer_to_copy_or_a_counterfactual_or_nothing_and_fits_the_context()
    {
        var samples = World.Subsets["oracle"].Take(300).Select(i =>
        {
            var (prompt, response) = EmbeddedEvaluator.PromptAndResponse(World.Pool, i);
            return new WorkedExample(prompt, response, World.Pool.GetTags(i)[0]);
        }).ToList();
        var truth = samples.GroupBy(s => s.Prompt).ToDictionary(g => g.Key, g => g.Select(s => s.Response).ToHashSet());
        var practice = InContextReader.Practice(samples, 600, examplesPerPrompt: 4, context: 96, seed: 1);
        Assert.Equal(600, practice.Count);
        var (copied, counterfactual, absent, bare) = (0, 0, 0, 0);
        foreach (var example in practice)
        {
            Assert.True(example.Tokens.Length <= 96, $"{example.Tokens.Length} tokens");
            var prompt = ByteTokenizer.Decode(example.Tokens.Take(example.ResponseStart - 1));
            var answer = ByteTokenizer.Decode(example.Tokens.Skip(example.ResponseStart));
            var question = prompt.Split('\n')[^1].TrimEnd('\t');
            var shown = prompt.Contains(InContextReader.Line(question, answer), StringComparison.Ordinal);
            var right = truth[question].Contains(answer);
            Assert.True(shown || right, $"the label of '{question}' is neither shown nor true: {answer}");
            copied += shown && right ? 1 : 0;
            counterfactual += shown && !right ? 1 : 0;
            absent += !shown ? 1 : 0;
            bare += prompt == question + "\t" ? 1 : 0;
        }

        Assert.InRange(copied, 150, 250);
        Assert.InRange(counterfactual, 150, 250);
        Assert.InRange(absent, 150, 250);
        Assert.InRange(bare, 50, absent - 50);
    }

    [Fact]
    public void Each_test_question_is_preceded_by_its_nearest_acquired_samples_the_nearest_last()
    {
        var task = WorldTasks.Build(new WorldSkills(World.Encyclopedia), 3).First(t => t.Kind == TaskKind.Knowledge);
        var acquired = task.Test.Select((item, i) => new AcquiredSample(item.Prompt, item.Answer, task.Id, "retrieve", i, "test"))
            .Concat(World.Benchmarks[0].Items.Take(20).Select((item, i) => new AcquiredSample(item.Prompt, item.Answer, task.Id, "demonstrate", i, "noise")))
            .ToList();
        var settings = new InContextSettings { Examples = 3, Context = 128 };
        var prompts = InContextEvaluation.Prompts(task, acquired, settings, 128);
        Assert.Equal(task.Test.Count, prompts.Count);
        for (var i = 0; i < prompts.Count; i++)
        {
            var lines = prompts[i].Split('\n');
            Assert.Equal(task.Test[i].Prompt + "\t", lines[^1]);
            Assert.InRange(lines.Length - 1, 1, 3);
            Assert.Equal(InContextReader.Line(task.Test[i].Prompt, task.Test[i].Answer), lines[^2] + "\n");
        }

        Assert.Equal(task.Test.Select(t => t.Prompt + "\t"), InContextEvaluation.Prompts(task, [], settings, 128));
    }
}
