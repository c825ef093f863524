using SharpTune.Text.Templates;

namespace SharpTune.Text.Tests.Templates;

public sealed class TemplateEncodingTests
{
    private static readonly ChatMessage[] TwoTurns =
        [ChatMessage.User("Hi"), ChatMessage.Assistant("Yo"), ChatMessage.User("Q"), ChatMessage.Assistant("A")];

    [Fact]
    public void Encode_multiturn_turns_slots_into_ids_with_bos_and_eos()
    {
        var tok = new FakeTokenEncoder(bos: 1, eos: 2);
        var turns = ChatTemplates.Get("llama2").EncodeMultiturn(tok, TwoTurns);

        Assert.Equal(2, turns.Count);
        Assert.Equal([1, .. tok.Ids("[INST] Hi [/INST]")], turns[0].PromptIds);
        Assert.Equal([.. tok.Ids("Yo"), 2], turns[0].ResponseIds);
        Assert.Equal([1, .. tok.Ids("[INST] Q [/INST]")], turns[1].PromptIds);
        Assert.Equal([.. tok.Ids("A"), 2], turns[1].ResponseIds);
    }

    [Fact]
    public void Missing_bos_or_eos_ids_are_left_out_as_in_LLaMA_Factory()
    {
        var tok = new FakeTokenEncoder(bos: null, eos: null, eosToken: null);
        var turn = ChatTemplates.Get("llama2").EncodeMultiturn(tok, TwoTurns)[0];
        Assert.Equal(tok.Ids("[INST] Hi [/INST]"), turn.PromptIds);
        Assert.Equal(tok.Ids("Yo"), turn.ResponseIds);
    }

    [Fact]
    public void Encode_oneturn_puts_the_history_in_the_prompt()
    {
        var tok = new FakeTokenEncoder();
        var one = ChatTemplates.Get("default").EncodeOneturn(tok, TwoTurns);
        int[] expectedPrompt = [.. tok.Ids("Human: Hi"), 2, .. tok.Ids("\nAssistant:"), .. tok.Ids("Yo"), 2, .. tok.Ids("\n"),
                                .. tok.Ids("Human: Q"), 2, .. tok.Ids("\nAssistant:")];
        Assert.Equal(expectedPrompt, one.PromptIds);
        Assert.Equal([.. tok.Ids("A"), 2, .. tok.Ids("\n")], one.ResponseIds);
    }

    [Fact]
    public void Replace_eos_makes_the_first_stop_word_the_eos()
    {
        var tok = new FakeTokenEncoder(eos: 2, eosToken: "<|endoftext|>", specials: ["<|im_end|>", "<|im_start|>"]);
        var chatml = ChatTemplates.Get("chatml");
        Assert.True(chatml.ReplaceEos);
        Assert.Equal(1_000_000, chatml.ResolveEosId(tok));
        Assert.Equal("<|im_end|>", chatml.ResolveEosToken("<|endoftext|>"));
        Assert.Equal([1_000_000, 1_000_001], chatml.GetStopTokenIds(tok));

        var alpaca = ChatTemplates.Get("alpaca");
        Assert.Equal(2, alpaca.ResolveEosId(tok));
        Assert.Equal([2], alpaca.GetStopTokenIds(tok));

        var missing = Assert.Throws<InvalidOperationException>(() => ChatTemplates.Get("llama3").ResolveEosId(tok));
        Assert.Contains("<|eot_id|>", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_special_tokens_follow_fix_special_tokens()
    {
        var plain = new FakeTokenEncoder(eos: 2, eosToken: "</s>");
        Assert.Equal(["<|eot_id|>", "<|eom_id|>"], ChatTemplates.Get("llama3").MissingSpecialTokens(plain));
        Assert.Equal(["<|im_end|>"], ChatTemplates.Get("qwen").MissingSpecialTokens(plain));
        Assert.Empty(ChatTemplates.Get("alpaca").MissingSpecialTokens(plain));
        Assert.Equal(["<|endoftext|>"], ChatTemplates.Get("alpaca").MissingSpecialTokens(new FakeTokenEncoder(eos: null, eosToken: null)));
        var qwenReady = new FakeTokenEncoder(eos: 2, eosToken: "<|endoftext|>", specials: ["<|im_end|>"]);
        Assert.Empty(ChatTemplates.Get("qwen").MissingSpecialTokens(qwenReady));
        Assert.Equal(["<|im_start|>"], ChatTemplates.Get("chatml").MissingSpecialTokens(qwenReady));
    }

    [Fact]
    public void Efficient_eos_templates_leave_eos_out_of_responses()
    {
        var tok = new FakeTokenEncoder();
        var falcon = ChatTemplates.Get("falcon");
        Assert.True(falcon.EfficientEos);
        Assert.Equal(tok.Ids("Yo\n"), falcon.EncodeMultiturn(tok, TwoTurns)[0].ResponseIds);
        Assert.False(ChatTemplates.Get("qwen").EfficientEos);
    }

    [Fact]
    public void Named_token_slots_use_the_vocabulary_and_fail_clearly_when_absent()
    {
        var tok = new FakeTokenEncoder(specials: ["[gMASK]", "sop", "<|user|>", "<|assistant|>"]);
        var glm = ChatTemplates.Get("chatglm3");
        var turn = glm.EncodeMultiturn(tok, TwoTurns)[0];
        Assert.Equal([1_000_000, 1_000_001, 1_000_002, .. tok.Ids("\nHi"), 1_000_003], turn.PromptIds);

        var error = Assert.Throws<InvalidOperationException>(() => glm.EncodeMultiturn(new FakeTokenEncoder(), TwoTurns));
        Assert.Contains("[gMASK]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Turn_index_placeholder_counts_turns()
    {
        var template = ChatTemplates.Get("empty") with { FormatUser = SlotFormatter.Of("[Round {{idx}}] {{content}}") };
        var turns = template.RenderMultiturn(TwoTurns);
        Assert.Equal("[Round 0] Hi", turns[0].Prompt);
        Assert.Equal("[Round 1] Q", turns[1].Prompt);
    }
}
