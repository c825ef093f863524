namespace SharpTune.Text.Templates;

public static partial class ChatTemplates
{
    private const string ImUser = "<|im_start|>user\n{{content}}<|im_end|>\n<|im_start|>assistant\n";
    private const string ImSystem = "<|im_start|>system\n{{content}}<|im_end|>\n";
    private const string Llama3User =
        "<|start_header_id|>user<|end_header_id|>\n\n{{content}}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";

    /// <summary>The templates, transcribed from LLaMA-Factory's template.py (formats, default systems, stop words, EOS flags).</summary>
    private static IEnumerable<ChatTemplate> Definitions()
    {
        var bos = TemplateSlot.Bos;
        var eos = TemplateSlot.Eos;
        yield return Register("alpaca",
            user: F("### Instruction:\n{{content}}\n\n### Response:\n"),
            assistant: F("{{content}}", eos, "\n\n"),
            defaultSystem: "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n");
        yield return Register("breeze", user: F("[INST] {{content}} [/INST] "), prefix: F(bos), efficientEos: true);
        yield return Register("chatglm3",
            user: F(TemplateSlot.Token("<|user|>"), "\n", "{{content}}", TemplateSlot.Token("<|assistant|>")),
            assistant: F("\n", "{{content}}"),
            system: F(TemplateSlot.Token("<|system|>"), "\n", "{{content}}"),
            observation: F(TemplateSlot.Token("<|observation|>"), "\n", "{{content}}", TemplateSlot.Token("<|assistant|>")),
            prefix: F(TemplateSlot.Token("[gMASK]"), TemplateSlot.Token("sop")),
            stopWords: ["<|user|>", "<|observation|>"],
            efficientEos: true);
        yield return Register("chatml",
            user: F(ImUser), assistant: F("{{content}}<|im_end|>\n"), system: F(ImSystem),
            observation: F("<|im_start|>tool\n{{content}}<|im_end|>\n<|im_start|>assistant\n"),
            stopWords: ["<|im_end|>", "<|im_start|>"], replaceEos: true);
        yield return Register("cohere",
            user: F("<|START_OF_TURN_TOKEN|><|USER_TOKEN|>{{content}}<|END_OF_TURN_TOKEN|><|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>"),
            system: F("<|START_OF_TURN_TOKEN|><|SYSTEM_TOKEN|>{{content}}<|END_OF_TURN_TOKEN|>"), prefix: F(bos));
        yield return Register("deepseek",
            user: F("User: {{content}}\n\nAssistant:"), system: F("{{content}}\n\n"), prefix: F(bos));
        yield return Register("default",
            user: F("Human: {{content}}", eos, "\nAssistant:"),
            assistant: F("{{content}}", eos, "\n"),
            system: F("System: {{content}}", eos, "\n"));
        yield return Register("empty", assistant: F("{{content}}"));
        yield return Register("exaone",
            user: F("[|user|]{{content}}\n[|assistant|]"), assistant: F("{{content}}", eos, "\n"),
            system: F("[|system|]{{content}}[|endofturn|]\n"));
        yield return Register("falcon",
            user: F("User: {{content}}\nFalcon:"), assistant: F("{{content}}\n"), efficientEos: true);
        yield return Register("gemma",
            user: F("<start_of_turn>user\n{{content}}<end_of_turn>\n<start_of_turn>model\n"),
            assistant: F("{{content}}<end_of_turn>\n"),
            system: F("{{content}}\n\n"),
            observation: F("<start_of_turn>tool\n{{content}}<end_of_turn>\n<start_of_turn>model\n"),
            prefix: F(bos), stopWords: ["<end_of_turn>"], replaceEos: true, fuseSystem: true);
        yield return Register("granite3",
            user: F("<|start_of_role|>user<|end_of_role|>{{content}}<|end_of_text|>\n<|start_of_role|>assistant<|end_of_role|>"),
            assistant: F("{{content}}<|end_of_text|>\n"),
            system: F("<|start_of_role|>system<|end_of_role|>{{content}}<|end_of_text|>\n"));
        yield return Register("intern2",
            user: F(ImUser), assistant: F("{{content}}<|im_end|>\n"), system: F(ImSystem), prefix: F(bos),
            defaultSystem: "You are an AI assistant whose name is InternLM (书生·浦语).\n"
                + "- InternLM (书生·浦语) is a conversational language model that is developed by Shanghai AI Laboratory "
                + "(上海人工智能实验室). It is designed to be helpful, honest, and harmless.\n"
                + "- InternLM (书生·浦语) can understand and communicate fluently in the language "
                + "chosen by the user such as English and 中文.",
            stopWords: ["<|im_end|>"]);
        yield return Register("llama2",
            user: F(bos, "[INST] {{content}} [/INST]"), system: F("<<SYS>>\n{{content}}\n<</SYS>>\n\n"), fuseSystem: true);
        yield return Register("llama2_zh",
            user: F(bos, "[INST] {{content}} [/INST]"), system: F("<<SYS>>\n{{content}}\n<</SYS>>\n\n"),
            defaultSystem: "You are a helpful assistant. 你是一个乐于助人的助手。", fuseSystem: true);
        yield return Register("llama3",
            user: F(Llama3User),
            assistant: F("{{content}}<|eot_id|>"),
            system: F("<|start_header_id|>system<|end_header_id|>\n\n{{content}}<|eot_id|>"),
            observation: F("<|start_header_id|>ipython<|end_header_id|>\n\n{{content}}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"),
            prefix: F(bos), stopWords: ["<|eot_id|>", "<|eom_id|>"], replaceEos: true);
        yield return Register("llama4",
            user: F("<|header_start|>user<|header_end|>\n\n{{content}}<|eot|><|header_start|>assistant<|header_end|>\n\n"),
            assistant: F("{{content}}<|eot|>"),
            system: F("<|header_start|>system<|header_end|>\n\n{{content}}<|eot|>"),
            observation: F("<|header_start|>ipython<|header_end|>\n\n{{content}}<|eot|><|header_start|>assistant<|header_end|>\n\n"),
            prefix: F(bos), stopWords: ["<|eot|>", "<|eom|>"], replaceEos: true);
        yield return Register("mistral",
            user: F("[INST] {{content}}[/INST]"), assistant: F(" {{content}}", eos), system: F("{{content}}\n\n"),
            observation: F("[TOOL_RESULTS] {\"content\": {{content}}}[/TOOL_RESULTS]"),
            prefix: F(bos), fuseSystem: true);
        yield return Register("olmo", user: F("<|user|>\n{{content}}<|assistant|>\n"), prefix: F(eos));
        yield return Register("openchat",
            user: F("GPT4 Correct User: {{content}}", eos, "GPT4 Correct Assistant:"), prefix: F(bos));
        yield return Register("phi",
            user: F("<|user|>\n{{content}}<|end|>\n<|assistant|>\n"), assistant: F("{{content}}<|end|>\n"),
            system: F("<|system|>\n{{content}}<|end|>\n"), stopWords: ["<|end|>"], replaceEos: true);
        yield return Register("qwen",
            user: F(ImUser), assistant: F("{{content}}<|im_end|>\n"), system: F(ImSystem),
            observation: F("<|im_start|>user\n<tool_response>\n{{content}}\n</tool_response><|im_end|>\n<|im_start|>assistant\n"),
            defaultSystem: "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
            stopWords: ["<|im_end|>"], replaceEos: true);
        yield return Register("solar",
            user: F("### User:\n{{content}}\n\n### Assistant:\n"), system: F("### System:\n{{content}}\n\n"), efficientEos: true);
        yield return Register("starchat",
            user: F("<|user|>\n{{content}}<|end|>\n<|assistant|>"), assistant: F("{{content}}<|end|>\n"),
            system: F("<|system|>\n{{content}}<|end|>\n"), stopWords: ["<|end|>"]);
        yield return Register("vicuna",
            user: F("USER: {{content}} ASSISTANT:"),
            defaultSystem: "A chat between a curious user and an artificial intelligence assistant. "
                + "The assistant gives helpful, detailed, and polite answers to the user's questions.");
        yield return Register("yi",
            user: F(ImUser), assistant: F("{{content}}<|im_end|>\n"), system: F(ImSystem), stopWords: ["<|im_end|>"]);
        yield return Register("zephyr",
            user: F("<|user|>\n{{content}}", eos, "<|assistant|>\n"), system: F("<|system|>\n{{content}}", eos),
            defaultSystem: "You are Zephyr, a helpful assistant.");
    }
}
