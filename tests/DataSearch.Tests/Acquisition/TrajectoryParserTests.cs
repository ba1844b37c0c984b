using CsCheck;
using DataSearch.Acquisition;

namespace DataSearch.Tests.Acquisition;

public class TrajectoryParserTests
{
    [Fact]
    public void Parses_calls_separated_by_semicolons_and_new_lines_with_string_and_integer_arguments()
    {
        var trajectory = TrajectoryParser.Parse("retrieve(\"capital of Veloria\", 3);\n  demonstrate( \"lookup\" , 8 )\nanswer(\"say \\\"hi\\\"\\n\");");
        Assert.Equal(["retrieve", "demonstrate", "answer"], trajectory.Calls.Select(c => c.Api));
        Assert.Equal("capital of Veloria", trajectory.Calls[0].Arguments[0].Text);
        Assert.Equal(3, trajectory.Calls[0].Arguments[1].Number);
        Assert.False(trajectory.Calls[1].Arguments[1].IsText);
        Assert.Equal("say \"hi\"\n", trajectory.Calls[2].Arguments[0].Text);
        Assert.Equal(0, trajectory.Calls[0].Offset);
        Assert.Equal(37, trajectory.Calls[1].Offset);
    }

    [Fact]
    public void Empty_text_is_the_empty_trajectory()
    {
        Assert.Empty(TrajectoryParser.Parse("").Calls);
        Assert.Empty(TrajectoryParser.Parse(" ;\n; ").Calls);
    }

    [Theory]
    [InlineData("retrieve(\"x\", 3", 1, 16, "expected ',' or ')'")]
    [InlineData("retrieve(\"x, 3)", 1, 10, "unterminated string")]
    [InlineData("retrieve(x, 3)", 1, 10, "expected a quoted string or an integer, found 'x'")]
    [InlineData("retrieve(\"x\", 3) answer(\"y\")", 1, 18, "expected ';' or a new line")]
    [InlineData("answer(\"a\");\n  3(\"b\")", 2, 3, "expected an API name, found '3'")]
    [InlineData("answer \"a\"", 1, 8, "expected '(' after 'answer'")]
    [InlineData("answer(\"bad \\q escape\")", 1, 13, "unknown escape '\\q'")]
    [InlineData("demonstrate(\"a\", 99999999999999999999)", 1, 18, "is not an integer")]
    public void Malformed_text_is_reported_with_line_column_and_reason(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<TrajectorySyntaxException>(() => TrajectoryParser.Parse(text));
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(reason, error.Reason);
        Assert.Null(TrajectoryParser.TryParse(text, out var again));
        Assert.Equal(error.Message, again!.Message);
    }

    [Fact]
    public void Writing_a_trajectory_and_parsing_it_gives_the_same_calls_for_any_arguments()
    {
        var argument = Gen.OneOf(Gen.String.Select(s => ApiArgument.Of(s)), Gen.Long.Where(n => n != long.MinValue).Select(n => ApiArgument.Of(n)));
        var call = Gen.Select(Gen.OneOf(Gen.Const("retrieve"), Gen.Const("demonstrate"), Gen.Const("answer"), Gen.Const("x_1")), argument.Array[0, 3], (name, args) => new ApiCall(name, args));
        call.Array[0, 5].Sample(calls =>
        {
            var text = new Trajectory(calls).ToString();
            var parsed = TrajectoryParser.Parse(text);
            Assert.Equal(calls.Select(c => c.ToString()), parsed.Calls.Select(c => c.ToString()));
            Assert.Equal(calls.SelectMany(c => c.Arguments), parsed.Calls.SelectMany(c => c.Arguments));
        });
    }
}
