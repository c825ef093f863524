using SharpTune.Core.Evaluation;
using SharpTune.Core.Experiments;

namespace SharpTune.Core.Tests.Experiments;

public sealed class FormatCheckTests
{
    const string Prompt = "Below is an instruction.\n\n### Instruction:\nTranslate to Spanish:\nThe house is very big and the garden is green.\n\n### Response:\n";
    const string Reference = "La casa es muy grande y el jardín es verde.";

    [Theory]
    [InlineData("", "empty")]
    [InlineData("La casa ### Response: es grande", "template marker")]
    [InlineData("The house is very big and the garden is green.", "copies the input")]
    [InlineData("the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the the", "too long")]
    [InlineData("and the house of the Lord was in the land of the king", "not in es")]
    public void Answers_that_break_the_format_fail_with_the_reason(string answer, string reason) =>
        Assert.Equal(reason, FormatCheck.Failure(Prompt, answer, Reference));

    [Fact]
    public void An_answer_in_the_references_language_and_of_its_size_passes()
    {
        Assert.Null(FormatCheck.Failure(Prompt, "La casa es grande y el jardín de la casa es verde.", Reference));
        Assert.Equal(0.5, FormatCheck.Rate([new Prediction(Prompt, "La casa es grande y el jardín es verde.", Reference), new Prediction(Prompt, "", Reference)]));
    }

    [Fact]
    public void The_input_of_an_alpaca_prompt_is_the_line_before_the_response_header() =>
        Assert.Equal("The house is very big and the garden is green.", FormatCheck.InputOf(Prompt));

    [Fact]
    public void Short_answers_are_matched_without_case_or_end_punctuation()
    {
        Assert.True(Answers.Matches(new Prediction("p", " english. ", "English")));
        Assert.False(Answers.Matches(new Prediction("p", "Spanish", "English")));
        Assert.Equal(1.0 / 3, Answers.Accuracy([new Prediction("p", "a", "A"), new Prediction("p", "b", "c"), new Prediction("p", "", "d")]), 9);
    }
}
