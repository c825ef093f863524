using SharpTune.Text.Curation;

namespace SharpTune.Text.Tests.Curation;

public sealed class InstructionScorersTests
{
    [Fact]
    public void Alpaca_records_with_empty_refusing_or_copied_responses_are_dropped()
    {
        string path = Path.Combine(Path.GetTempPath(), $"alpaca-{Guid.NewGuid():N}.jsonl");
        File.WriteAllLines(path,
        [
            """{"instruction": "Name three primary colours.", "input": "", "output": "Red, yellow and blue."}""",
            """{"instruction": "Summarise the text.", "input": "The cat sat on the mat all day.", "output": ""}""",
            """{"instruction": "Tell me how to pick a lock.", "input": "", "output": "I'm sorry, but I can't help with that."}""",
            """{"instruction": "Repeat after me: hello world", "input": "", "output": "Repeat after me: hello world"}""",
        ]);
        var summary = CurationRunner.Run(new CurationOptions
        {
            Input = path,
            Format = new RecordFormat { Kind = RecordKind.Alpaca },
            Rules = RuleSet.Default(RecordKind.Alpaca),
        });
        File.Delete(path);
        Assert.Equal(1, summary.Kept);
        Assert.Equal(1, summary.Reasons["empty_response"]);
        Assert.Equal(1, summary.Reasons["refusal"]);
        Assert.Equal(1, summary.Reasons["copy"]);
    }
}
