using SharpTune.Core.Data;
using SharpTune.Core.Training;
using SharpTune.Text.Templates;

namespace SharpTune.Core.Tests.Data;

public sealed class PreprocessorTests
{
    /// <summary>One id per character (code point + 10), BOS 1, EOS 2: enough to check masking and truncation.</summary>
    sealed class CharEncoder : ITokenEncoder
    {
        public IReadOnlyList<int> Encode(string text) => text.Select(c => c + 10).ToList();
        public int? TokenToId(string token) => token switch { "<s>" => 1, "</s>" => 2, _ => token.Length == 1 ? token[0] + 10 : null };
        public int? BosId => 1;
        public int? EosId => 2;
        public string? EosToken => "</s>";
    }

    static readonly ConversationSample TwoTurns = new(
        [ChatMessage.User("hi"), ChatMessage.Assistant("yo"), ChatMessage.User("ok?"), ChatMessage.Assistant("ya")], null, null, "t:1");

    [Theory]
    [InlineData(10, 10, 8, 4, 4)]
    [InlineData(2, 10, 8, 2, 6)]
    [InlineData(10, 2, 8, 6, 2)]
    [InlineData(3, 3, 100, 3, 3)]
    public void Infer_seqlen_matches_llama_factory(int src, int tgt, int cutoff, int expSrc, int expTgt) =>
        Assert.Equal((expSrc, expTgt), SupervisedPreprocessor.InferSeqLen(src, tgt, cutoff));

    [Fact]
    public void Prompts_are_masked_and_responses_learned_in_every_turn()
    {
        var template = ChatTemplates.Get("empty");
        var enc = new SupervisedPreprocessor(template, new CharEncoder(), 1024, trainOnPrompt: false, maskHistory: false);
        var ex = enc.Encode(TwoTurns);
        var pairs = template.EncodeMultiturn(new CharEncoder(), TwoTurns.Messages);
        var expectedIds = pairs.SelectMany(p => p.PromptIds.Concat(p.ResponseIds)).ToArray();
        Assert.Equal(expectedIds, ex.InputIds.Take(expectedIds.Length));
        var expectedLearned = new List<int>();
        for (int t = 0; t < pairs.Count; t++)
        {
            if (template.EfficientEos && t > 0) expectedLearned.Add(2);             // EOS of the previous response
            expectedLearned.AddRange(pairs[t].ResponseIds);
        }
        if (template.EfficientEos) expectedLearned.Add(2);
        Assert.Equal(expectedLearned, ex.Labels.Where(l => l != TokenizedExample.IgnoreIndex));
        Assert.All(ex.Labels.Take(pairs[0].PromptIds.Count), l => Assert.Equal(TokenizedExample.IgnoreIndex, l));
    }

    [Fact]
    public void Train_on_prompt_learns_everything_and_mask_history_only_the_last_response()
    {
        var template = ChatTemplates.Get("alpaca");
        var all = new SupervisedPreprocessor(template, new CharEncoder(), 1024, trainOnPrompt: true, maskHistory: false).Encode(TwoTurns);
        Assert.DoesNotContain(TokenizedExample.IgnoreIndex, all.Labels);
        var last = new SupervisedPreprocessor(template, new CharEncoder(), 1024, trainOnPrompt: false, maskHistory: true).Encode(TwoTurns);
        var pairs = template.EncodeMultiturn(new CharEncoder(), TwoTurns.Messages);
        Assert.Equal(all.InputIds, last.InputIds);
        var learned = last.Labels.Where(l => l != TokenizedExample.IgnoreIndex).ToArray();
        Assert.Equal(pairs[^1].ResponseIds.Concat(template.EfficientEos ? [2] : Array.Empty<int>()), learned);
    }

    [Fact]
    public void A_cutoff_that_leaves_no_response_is_a_clear_error()
    {
        var longPrompt = new ConversationSample([ChatMessage.User(new string('x', 50)), ChatMessage.Assistant("")], null, null, "data.jsonl:7");
        var e = Assert.Throws<DataFormatException>(() => new SupervisedPreprocessor(ChatTemplates.Get("empty"), new CharEncoder(), 16, false, false).Encode(longPrompt));
        Assert.Contains("data.jsonl:7", e.Message);
        Assert.Contains("cutoff_len 16", e.Message);
    }

    [Fact]
    public void Pretraining_text_is_concatenated_with_eos_and_cut_into_blocks()
    {
        var samples = new[] { "abc", "defg" }.Select((t, i) => new ConversationSample([ChatMessage.User(t)], null, null, $"t:{i}")).ToList();
        var blocks = PretrainPreprocessor.Encode(samples, new CharEncoder(), 4, packing: true, addBos: false);
        Assert.Equal(2, blocks.Count);                                               // 3+1 + 4+1 = 9 tokens → 2 blocks of 4
        Assert.Equal(new[] { 'a' + 10, 'b' + 10, 'c' + 10, 2 }, blocks[0].InputIds);
        Assert.Equal(blocks[0].InputIds, blocks[0].Labels);
        var single = PretrainPreprocessor.Encode(samples, new CharEncoder(), 3, packing: false, addBos: true);
        Assert.Equal(new[] { 1, 'a' + 10, 'b' + 10 }, single[0].InputIds);
    }

    [Fact]
    public void Draining_hands_out_every_sample_in_order_and_releases_each_slot()
    {
        var samples = Enumerable.Range(0, 5).Select(i => new ConversationSample([ChatMessage.User($"s{i}")], null, null, $"t:{i}")).ToList<ConversationSample?>();
        var seen = new List<string>();
        foreach (var s in DataPipeline.Drain(samples))
        {
            seen.Add(s.Location);
            Assert.Null(samples[seen.Count - 1]);                                              // released as soon as handed out
            Assert.All(samples.Skip(seen.Count), Assert.NotNull);                                // the rest still waits
        }
        Assert.Equal(["t:0", "t:1", "t:2", "t:3", "t:4"], seen);
        Assert.All(samples, Assert.Null);
        Assert.Throws<InvalidOperationException>(() => DataPipeline.Drain(samples).ToList());
    }
}
