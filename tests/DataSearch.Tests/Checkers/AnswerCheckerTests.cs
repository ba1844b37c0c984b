using DataSearch.Checkers;

namespace DataSearch.Tests.Checkers;

public class AnswerCheckerTests
{
    private const string Gsm8kReference = "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day.\n#### 18";

    [Theory]
    [InlineData("The answer is 18.")]
    [InlineData("She makes $18 every day.\n#### 18")]
    [InlineData("18.00")]
    [InlineData("She sells 9 eggs and makes 18")]
    [InlineData("She makes 2 × 9 = $18. The answer is $18")]
    public void Numeric_accepts_the_final_number_in_any_usual_form(string reply) =>
        Assert.True(new NumericAnswerChecker().Check(reply, Gsm8kReference));

    [Theory]
    [InlineData("17")]
    [InlineData("18 eggs minus one, so the answer is 17")]
    [InlineData("#### 9")]
    [InlineData("")]
    [InlineData("eighteen")]
    public void Numeric_refuses_another_number_or_none(string reply) =>
        Assert.False(new NumericAnswerChecker().Check(reply, Gsm8kReference));

    [Fact]
    public void Numeric_reads_thousands_separators_and_a_reference_without_a_number_matches_nothing()
    {
        var checker = new NumericAnswerChecker();
        Assert.True(checker.Check("It costs 1,250 dollars.", "#### 1250"));
        Assert.False(checker.Check("1250", "no number here"));
    }

    [Theory]
    [InlineData("(B)", "B")]
    [InlineData("B", "(B)")]
    [InlineData("The answer is (B).", "(B)")]
    [InlineData("B) Paris", "B")]
    [InlineData("B.", "B")]
    [InlineData("Between (A) and (B), I pick (B)", "B")]
    public void Choice_finds_the_letter_a_reply_chooses(string reply, string reference) =>
        Assert.True(new MultipleChoiceChecker().Check(reply, reference));

    [Theory]
    [InlineData("A", "B")]
    [InlineData("Because of the rain", "B")]
    [InlineData("(B)", "Paris")]
    [InlineData("", "B")]
    public void Choice_refuses_another_letter_no_letter_or_a_reference_that_is_not_one(string reply, string reference) =>
        Assert.False(new MultipleChoiceChecker().Check(reply, reference));

    [Theory]
    [InlineData("(A)", "(A)", true)]
    [InlineData("the answer is (C).", "(C)", true)]
    [InlineData("True", "True", true)]
    [InlineData("So the answer is False.", "False", true)]
    [InlineData("true", "True", false)]
    [InlineData("(A)", "(B)", false)]
    public void Mixed_checks_letters_as_choices_and_the_rest_exactly(string reply, string reference, bool right) =>
        Assert.Equal(right, new MixedChoiceChecker().Check(reply, reference));

    [Theory]
    [InlineData(@"so \boxed{\dfrac{1}{2}}", @"\frac{1}{2}")]
    [InlineData(@"\left( 3, \frac{\pi}{2} \right)", @"(3,\frac{\pi}{2})")]
    [InlineData(@"The answer is 10^\circ.", "10")]
    [InlineData(@"\boxed{\text{(C)}}", "(C)")]
    [InlineData("1,000", "1000")]
    [InlineData(@"$\boxed{x^{2}+1}$", "x^{2} + 1")]
    public void Math_compares_normalised_answers(string reply, string reference) =>
        Assert.True(new MathAnswerChecker().Check(reply, reference));

    [Theory]
    [InlineData(@"\boxed{\frac{1}{3}}", @"\frac{1}{2}")]
    [InlineData("0.5", @"\frac12")]
    [InlineData("", "0")]
    [InlineData(@"\boxed{2}", "20")]
    public void Math_refuses_different_or_unnormalised_answers(string reply, string reference) =>
        Assert.False(new MathAnswerChecker().Check(reply, reference));

    [Theory]
    [InlineData("  yes \n", "yes", true)]
    [InlineData("The answer is yes.", "The answer is yes.", true)]
    [InlineData("node 0:  [0,1]\nnode 1: [1,1]", "node 0: [0,1] node 1: [1,1]", true)]
    [InlineData("Yes", "yes", false)]
    [InlineData("yes indeed", "yes", false)]
    public void Exact_compares_final_answers_with_spaces_collapsed(string reply, string reference, bool right) =>
        Assert.Equal(right, new ExactMatchChecker().Check(reply, reference));

    [Fact]
    public void A_set_holds_the_built_in_checkers_and_refuses_a_second_of_one_name()
    {
        var set = new AnswerCheckers();
        Assert.Equal(["choice", "choice_or_exact", "exact", "math", "numeric"], set.Names);
        Assert.IsType<NumericAnswerChecker>(set.Find("numeric"));
        Assert.Null(set.Find("telepathy"));
        Assert.Throws<ArgumentException>(() => set.Add(new ExactMatchChecker()));
        set.Add(new Named("telepathy"));
        Assert.NotNull(set.Find("telepathy"));
        Assert.Null(new AnswerCheckers().Find("telepathy"));
    }

    private sealed class Named(string name) : IAnswerChecker
    {
        public string Name => name;

        public bool Check(string predicted, string expected) => predicted == expected;
    }
}
