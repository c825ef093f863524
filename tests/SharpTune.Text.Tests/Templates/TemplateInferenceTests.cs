using System.Text.Json.Nodes;
using SharpTune.Text.Templates;

namespace SharpTune.Text.Tests.Templates;

public sealed class TemplateInferenceTests
{
    private static string Config(string chatTemplate) => new JsonObject { ["chat_template"] = chatTemplate }.ToJsonString();

    [Theory]
    [InlineData("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}", "qwen")]
    [InlineData("{{ bos_token }}{% for m in messages %}{{ '<|start_header_id|>' + m['role'] + '<|end_header_id|>\\n\\n' + m['content'] | trim + '<|eot_id|>' }}{% endfor %}", "llama3")]
    [InlineData("{% if messages[0]['role'] == 'system' %}{% set s = '<<SYS>>\\n' + messages[0]['content'] + '\\n<</SYS>>\\n\\n' %}{% endif %}{{ bos_token + '[INST] ' + s + content + ' [/INST]' }}", "llama2")]
    [InlineData("{{ bos_token }}{% for m in messages %}{% if m['role'] == 'user' %}{{ '[INST] ' + m['content'] + '[/INST]' }}{% else %}{{ m['content'] + eos_token }}{% endif %}{% endfor %}", "mistral")]
    [InlineData("{{ bos_token }}{% for m in messages %}{{ '<start_of_turn>' + role + '\\n' + m['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}", "gemma")]
    [InlineData("{{ bos_token }}{% for m in messages %}{{ '<|header_start|>' + m['role'] + '<|header_end|>\\n\\n' + m['content'] + '<|eot|>' }}{% endfor %}", "llama4")]
    [InlineData("{% for m in messages %}{{ '<|start_of_role|>' + m['role'] + '<|end_of_role|>' + m['content'] + '<|end_of_text|>\\n' }}{% endfor %}", "granite3")]
    public void Chat_template_markers_name_the_template(string jinja, string expected)
    {
        Assert.Equal(expected, ChatTemplates.TryInfer(Config(jinja)));
    }

    [Fact]
    public void A_list_of_named_templates_uses_the_default_one()
    {
        var config = new JsonObject
        {
            ["chat_template"] = new JsonArray(
                new JsonObject { ["name"] = "tool_use", ["template"] = "<|start_header_id|>" },
                new JsonObject { ["name"] = "default", ["template"] = "<|im_start|>" }),
        };
        Assert.Equal("qwen", ChatTemplates.TryInfer(config.ToJsonString()));
    }

    [Fact]
    public void No_chat_template_or_no_marker_gives_null_and_bad_json_is_an_error()
    {
        Assert.Null(ChatTemplates.TryInfer("{\"bos_token\": \"<s>\"}"));
        Assert.Null(ChatTemplates.TryInfer(Config("{{ messages }}")));
        Assert.Throws<FormatException>(() => ChatTemplates.TryInfer("{\"chat_template\": "));
    }
}
