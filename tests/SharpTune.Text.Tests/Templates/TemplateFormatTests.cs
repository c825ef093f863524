using SharpTune.Text.Templates;

namespace SharpTune.Text.Tests.Templates;

/// <summary>Expected strings written from LLaMA-Factory's template.py (register_template calls and Llama2Template).</summary>
public sealed class TemplateFormatTests
{
    private static readonly ChatMessage[] OneTurn = [ChatMessage.User("Hi"), ChatMessage.Assistant("Hello!")];
    private static readonly ChatMessage[] TwoTurns = [.. OneTurn, ChatMessage.User("How are you?"), ChatMessage.Assistant("Fine.")];

    private const string InternSystem = "You are an AI assistant whose name is InternLM (书生·浦语).\n"
        + "- InternLM (书生·浦语) is a conversational language model that is developed by Shanghai AI Laboratory "
        + "(上海人工智能实验室). It is designed to be helpful, honest, and harmless.\n"
        + "- InternLM (书生·浦语) can understand and communicate fluently in the language "
        + "chosen by the user such as English and 中文.";

    public static TheoryData<string, string, string, string, string, string, string> Cases => new()
    {
        // name, bos, turn-0 prompt (no system), turn-0 prompt with system "Be brief.", response 0, turn-1 prompt, response 1
        { "alpaca", "<s>",
          "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\nHi\n\n### Response:\n",
          "Be brief.### Instruction:\nHi\n\n### Response:\n", "Hello!</s>\n\n",
          "### Instruction:\nHow are you?\n\n### Response:\n", "Fine.</s>\n\n" },
        { "default", "<s>", "Human: Hi</s>\nAssistant:", "System: Be brief.</s>\nHuman: Hi</s>\nAssistant:", "Hello!</s>\n",
          "Human: How are you?</s>\nAssistant:", "Fine.</s>\n" },
        { "empty", "<s>", "Hi", "Be brief.Hi", "Hello!", "How are you?", "Fine." },
        { "llama2", "<s>", "<s>[INST] Hi [/INST]", "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]", "Hello!</s>",
          "<s>[INST] How are you? [/INST]", "Fine.</s>" },
        { "llama3", "<|begin_of_text|>",
          "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
          "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
          "Hello!<|eot_id|>",
          "<|start_header_id|>user<|end_header_id|>\n\nHow are you?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", "Fine.<|eot_id|>" },
        { "qwen", "<s>",
          "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
          "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", "Hello!<|im_end|>\n",
          "<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n", "Fine.<|im_end|>\n" },
        { "chatml", "<s>", "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
          "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", "Hello!<|im_end|>\n",
          "<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n", "Fine.<|im_end|>\n" },
        { "mistral", "<s>", "<s>[INST] Hi[/INST]", "<s>[INST] Be brief.\n\nHi[/INST]", " Hello!</s>", "[INST] How are you?[/INST]", " Fine.</s>" },
        { "gemma", "<bos>", "<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n",
          "<bos><start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\n", "Hello!<end_of_turn>\n",
          "<start_of_turn>user\nHow are you?<end_of_turn>\n<start_of_turn>model\n", "Fine.<end_of_turn>\n" },
        { "vicuna", "<s>",
          "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.USER: Hi ASSISTANT:",
          "Be brief.USER: Hi ASSISTANT:", "Hello!</s>", "USER: How are you? ASSISTANT:", "Fine.</s>" },
        { "phi", "<s>", "<|user|>\nHi<|end|>\n<|assistant|>\n", "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\n",
          "Hello!<|end|>\n", "<|user|>\nHow are you?<|end|>\n<|assistant|>\n", "Fine.<|end|>\n" },
        { "deepseek", "<｜begin▁of▁sentence｜>", "<｜begin▁of▁sentence｜>User: Hi\n\nAssistant:", "<｜begin▁of▁sentence｜>Be brief.\n\nUser: Hi\n\nAssistant:",
          "Hello!</s>", "User: How are you?\n\nAssistant:", "Fine.</s>" },
        { "cohere", "<BOS_TOKEN>", "<BOS_TOKEN><|START_OF_TURN_TOKEN|><|USER_TOKEN|>Hi<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>",
          "<BOS_TOKEN><|START_OF_TURN_TOKEN|><|SYSTEM_TOKEN|>Be brief.<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|USER_TOKEN|>Hi<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>",
          "Hello!</s>", "<|START_OF_TURN_TOKEN|><|USER_TOKEN|>How are you?<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>", "Fine.</s>" },
        { "olmo", "<s>", "</s><|user|>\nHi<|assistant|>\n", "</s>Be brief.<|user|>\nHi<|assistant|>\n", "Hello!</s>",
          "<|user|>\nHow are you?<|assistant|>\n", "Fine.</s>" },
        { "solar", "<s>", "### User:\nHi\n\n### Assistant:\n", "### System:\nBe brief.\n\n### User:\nHi\n\n### Assistant:\n", "Hello!",
          "### User:\nHow are you?\n\n### Assistant:\n", "Fine." },
        { "chatglm3", "<s>", "[gMASK]sop<|user|>\nHi<|assistant|>", "[gMASK]sop<|system|>\nBe brief.<|user|>\nHi<|assistant|>", "\nHello!",
          "<|user|>\nHow are you?<|assistant|>", "\nFine." },
        { "breeze", "<s>", "<s>[INST] Hi [/INST] ", "<s>Be brief.[INST] Hi [/INST] ", "Hello!", "[INST] How are you? [/INST] ", "Fine." },
        { "exaone", "<s>", "[|user|]Hi\n[|assistant|]", "[|system|]Be brief.[|endofturn|]\n[|user|]Hi\n[|assistant|]", "Hello!</s>\n",
          "[|user|]How are you?\n[|assistant|]", "Fine.</s>\n" },
        { "granite3", "<s>", "<|start_of_role|>user<|end_of_role|>Hi<|end_of_text|>\n<|start_of_role|>assistant<|end_of_role|>",
          "<|start_of_role|>system<|end_of_role|>Be brief.<|end_of_text|>\n<|start_of_role|>user<|end_of_role|>Hi<|end_of_text|>\n<|start_of_role|>assistant<|end_of_role|>",
          "Hello!<|end_of_text|>\n", "<|start_of_role|>user<|end_of_role|>How are you?<|end_of_text|>\n<|start_of_role|>assistant<|end_of_role|>",
          "Fine.<|end_of_text|>\n" },
        { "intern2", "<s>", "<s><|im_start|>system\n" + InternSystem + "<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
          "<s><|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", "Hello!<|im_end|>\n",
          "<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n", "Fine.<|im_end|>\n" },
        { "llama2_zh", "<s>", "<s>[INST] <<SYS>>\nYou are a helpful assistant. 你是一个乐于助人的助手。\n<</SYS>>\n\nHi [/INST]",
          "<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST]", "Hello!</s>", "<s>[INST] How are you? [/INST]", "Fine.</s>" },
        { "llama4", "<|begin_of_text|>",
          "<|begin_of_text|><|header_start|>user<|header_end|>\n\nHi<|eot|><|header_start|>assistant<|header_end|>\n\n",
          "<|begin_of_text|><|header_start|>system<|header_end|>\n\nBe brief.<|eot|><|header_start|>user<|header_end|>\n\nHi<|eot|><|header_start|>assistant<|header_end|>\n\n",
          "Hello!<|eot|>", "<|header_start|>user<|header_end|>\n\nHow are you?<|eot|><|header_start|>assistant<|header_end|>\n\n", "Fine.<|eot|>" },
        { "openchat", "<s>", "<s>GPT4 Correct User: Hi</s>GPT4 Correct Assistant:", "<s>Be brief.GPT4 Correct User: Hi</s>GPT4 Correct Assistant:",
          "Hello!</s>", "GPT4 Correct User: How are you?</s>GPT4 Correct Assistant:", "Fine.</s>" },
        { "starchat", "<s>", "<|user|>\nHi<|end|>\n<|assistant|>", "<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>",
          "Hello!<|end|>\n", "<|user|>\nHow are you?<|end|>\n<|assistant|>", "Fine.<|end|>\n" },
        { "yi", "<s>", "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n",
          "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", "Hello!<|im_end|>\n",
          "<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n", "Fine.<|im_end|>\n" },
        { "zephyr", "<s>", "<|system|>\nYou are Zephyr, a helpful assistant.</s><|user|>\nHi</s><|assistant|>\n",
          "<|system|>\nBe brief.</s><|user|>\nHi</s><|assistant|>\n", "Hello!</s>", "<|user|>\nHow are you?</s><|assistant|>\n", "Fine.</s>" },
        { "falcon", "<s>", "User: Hi\nFalcon:", "Be brief.User: Hi\nFalcon:", "Hello!\n", "User: How are you?\nFalcon:", "Fine.\n" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Templates_render_like_LLaMA_Factory(string name, string bos, string prompt, string promptWithSystem, string response, string prompt1, string response1)
    {
        var template = ChatTemplates.Get(name);

        var single = template.RenderMultiturn(OneTurn, null, bos, "</s>");
        Assert.Equal([new TextTurn(prompt, response)], single);

        var withSystem = template.RenderMultiturn(OneTurn, "Be brief.", bos, "</s>");
        Assert.Equal(new TextTurn(promptWithSystem, response), withSystem[0]);

        var multi = template.RenderMultiturn(TwoTurns, null, bos, "</s>");
        Assert.Equal([new TextTurn(prompt, response), new TextTurn(prompt1, response1)], multi);
    }

    [Fact]
    public void Every_registered_template_has_an_expected_case()
    {
        var covered = Cases.Select(row => (string)row[0]).ToHashSet();
        Assert.Equal([], ChatTemplates.Names.Except(covered).ToArray());
    }

    [Fact]
    public void Every_registered_template_renders_a_two_turn_conversation_with_both_contents()
    {
        foreach (var name in ChatTemplates.Names)
        {
            var turns = ChatTemplates.Get(name).RenderMultiturn(TwoTurns, "SYS", "<s>", "</s>");
            Assert.Equal(2, turns.Count);
            Assert.Contains("Hi", turns[0].Prompt, StringComparison.Ordinal);
            Assert.Contains("SYS", turns[0].Prompt, StringComparison.Ordinal);
            Assert.StartsWith("Fine.", turns[1].Response.TrimStart(), StringComparison.Ordinal);
            Assert.DoesNotContain("{{", turns[0].Prompt + turns[0].Response + turns[1].Prompt, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Default_system_can_be_replaced_with_a_record_copy()
    {
        var template = ChatTemplates.Get("qwen") with { DefaultSystem = "You are a translator." };
        Assert.StartsWith("<|im_start|>system\nYou are a translator.<|im_end|>\n", template.RenderMultiturn(OneTurn)[0].Prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_template_lists_every_valid_name()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatTemplates.Get("llama9"));
        Assert.Contains("llama9", error.Message, StringComparison.Ordinal);
        Assert.All(ChatTemplates.Names, n => Assert.Contains(n, error.Message, StringComparison.Ordinal));
        Assert.Contains("qwen", ChatTemplates.Names);
        Assert.True(ChatTemplates.Names.Count >= 27);
    }

    [Fact]
    public void Messages_must_alternate_and_pair_up()
    {
        var template = ChatTemplates.Get("qwen");
        Assert.Throws<ArgumentException>(() => template.RenderMultiturn([ChatMessage.Assistant("x"), ChatMessage.User("y")]));
        Assert.Throws<ArgumentException>(() => template.RenderMultiturn([ChatMessage.User("x")]));
        Assert.Throws<ArgumentException>(() => template.RenderMultiturn([]));
    }
}
