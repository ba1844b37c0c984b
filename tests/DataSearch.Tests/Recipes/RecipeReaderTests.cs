using DataSearch.Recipes;

namespace DataSearch.Tests.Recipes;

public class RecipeReaderTests
{
    private static readonly OperatorRegistry Registry = OperatorRegistry.CreateDefault();

    private static IReadOnlyList<RecipeProblem> Problems(string text)
    {
        try
        {
            return RecipeValidator.Validate(RecipeReader.Parse(text, "r.yaml"), Registry);
        }
        catch (InvalidRecipeException e)
        {
            return e.Problems;
        }
    }

    [Fact]
    public void Yaml_and_json_give_the_same_recipe()
    {
        var yaml = RecipeReader.Parse("""
            name: a
            seed: 5
            steps:
              - op: ifd_filter
                params: {fraction: 0.5, descending: false}
              - op: union
                params:
                  branches:
                    - - op: top_k
                        params: {signal: quality, k: 3}
                    - - op: source_filter
                        params: {include: [x, "y"]}
            """);
        var json = RecipeReader.Parse("""
            {"name": "a", "seed": 5, "steps": [
              {"op": "ifd_filter", "params": {"descending": false, "fraction": 0.5}},
              {"op": "union", "params": {"branches": [[{"op": "top_k", "params": {"signal": "quality", "k": 3}}],
                                                       [{"op": "source_filter", "params": {"include": ["x", "y"]}}]]}}]}
            """);
        Assert.Equal(RecipeJson.Write(yaml), RecipeJson.Write(json));
        Assert.Equal(RecipeJson.Hash(yaml), RecipeJson.Hash(json));
        Assert.Equal(5UL, yaml.Seed);
        Assert.Equal(3L, ((IReadOnlyList<IReadOnlyList<RecipeStep>>)yaml.Steps[1].Params["branches"]!)[0][0].Params["k"]);
        Assert.Empty(RecipeValidator.Validate(yaml, Registry));
        // The canonical JSON reads back to itself.
        Assert.Equal(RecipeJson.Write(yaml), RecipeJson.Write(RecipeReader.Parse(RecipeJson.Write(yaml))));
    }

    [Fact]
    public void Quoted_numbers_stay_text_and_fail_a_number_parameter()
    {
        var problem = Assert.Single(Problems("""
            steps:
              - op: ifd_filter
                params:
                  fraction: "0.5"
            """));
        Assert.Equal(4, problem.Line);
        Assert.Equal("fraction", problem.Parameter);
        Assert.Contains("expected a number", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_names_its_line_step_and_parameter()
    {
        var problems = Problems("""
            steps:
              - op: ifd_filtre
                params: {fraction: 0.5}
              - op: quality_filter
                params:
                  fraction: 1.5
                  colour: red
              - op: union
                params:
                  branches:
                    - - op: top_k
                        params: {k: 3}
            """);
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Line == 2 && p.Step == "1" && p.Message.Contains("did you mean 'ifd_filter'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 6 && p.Step == "2" && p.Parameter == "fraction" && p.Message.Contains("out of range [0.01, 1]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 7 && p.Parameter == "colour" && p.Message.Contains("unknown parameter", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Line == 11 && p.Step == "3.branches[1].1" && p.Parameter == "signal" && p.Message.Contains("required", StringComparison.Ordinal));
        Assert.StartsWith("r.yaml:6: step 2 (quality_filter), parameter 'fraction':", problems.First(p => p.Parameter == "fraction").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Structural_mistakes_are_reported_with_lines()
    {
        Assert.Contains(Problems("steps:\n  - op: [1, 2\n"), p => p.Message.Contains("not valid YAML", StringComparison.Ordinal));
        Assert.Contains(Problems("name: x\n"), p => p.Message.Contains("missing 'steps'", StringComparison.Ordinal));
        Assert.Contains(Problems("steps:\n  - params: {}\n"), p => p.Message.Contains("missing 'op'", StringComparison.Ordinal));
        Assert.Contains(Problems("steps:\n  - op: top_k\n    parms: {}\n"), p => p.Line == 3 && p.Message.Contains("unknown key 'parms'", StringComparison.Ordinal));
        Assert.Contains(Problems("steps: []\n"), p => p.Message.Contains("at least one step", StringComparison.Ordinal));
        Assert.Contains(Problems("seed: -1\nsteps:\n  - op: top_k\n    params: {signal: x}\n"), p => p.Line == 1 && p.Message.Contains("seed", StringComparison.Ordinal));
        Assert.Contains(Problems("steps:\n  - op: score_filter\n    params: {signal: ifd, min: 2, max: 1}\n"), p => p.Parameter == "max" && p.Message.Contains("below min", StringComparison.Ordinal));
        Assert.Contains(Problems("steps:\n  - op: source_mix\n    params: {source_weights: {a: -1}}\n"), p => p.Parameter == "source_weights");
        Assert.Contains(Problems("steps:\n  - op: semantic_dedup\n    params: {strategy: fuzzy}\n"), p => p.Message.Contains("expected one of exact, minhash, embedding_cosine", StringComparison.Ordinal));
    }
}
