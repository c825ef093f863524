using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpTune.Text.Templates;

public static partial class ChatTemplates
{
    /// <summary>Markers of a Jinja chat template, most specific first, and the template each one implies.</summary>
    private static readonly (string[] AllOf, string Template)[] Markers =
    [
        (["<|im_start|>"], "qwen"),
        (["<|start_header_id|>"], "llama3"),
        (["<|header_start|>"], "llama4"),
        (["<|START_OF_TURN_TOKEN|>"], "cohere"),
        (["<|start_of_role|>"], "granite3"),
        (["[|user|]"], "exaone"),
        (["<start_of_turn>"], "gemma"),
        (["[INST]", "<<SYS>>"], "llama2"),
        (["[INST]"], "mistral"),
        (["<|user|>", "<|end|>"], "phi"),
        (["<|user|>", "<|assistant|>"], "zephyr"),
        (["### Instruction:"], "alpaca"),
        (["GPT4 Correct User"], "openchat"),
        (["USER:", "ASSISTANT:"], "vicuna"),
        (["Human: ", "Assistant:"], "default"),
    ];

    /// <summary>
    /// Guesses the template name from the text of a tokenizer_config.json by the markers in its
    /// <c>chat_template</c> (a string, or a list of {name, template} where "default" wins). Null when there is no
    /// chat template or none of the markers matches; malformed JSON is a <see cref="FormatException"/>.
    /// </summary>
    public static string? TryInfer(string tokenizerConfigJson)
    {
        ArgumentNullException.ThrowIfNull(tokenizerConfigJson);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(tokenizerConfigJson);
        }
        catch (JsonException e)
        {
            throw new FormatException($"tokenizer_config.json is not valid JSON: {e.Message}", e);
        }

        string? jinja = ChatTemplateText(root?["chat_template"]);
        return jinja is null ? null : InferFromJinja(jinja);
    }

    /// <summary>The template implied by a Jinja chat template text, or null.</summary>
    public static string? InferFromJinja(string jinja)
    {
        ArgumentNullException.ThrowIfNull(jinja);
        foreach (var (allOf, template) in Markers)
        {
            if (allOf.All(m => jinja.Contains(m, StringComparison.Ordinal))) return template;
        }

        return null;
    }

    private static string? ChatTemplateText(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue(out string? text):
                return text;
            case JsonArray list:
                var named = list.OfType<JsonObject>()
                    .Select(o => (Name: o["name"]?.GetValueKind() == JsonValueKind.String ? (string?)o["name"] : null,
                                  Text: o["template"]?.GetValueKind() == JsonValueKind.String ? (string?)o["template"] : null))
                    .Where(t => t.Text is not null)
                    .ToList();
                return named.FirstOrDefault(t => t.Name == "default").Text ?? named.FirstOrDefault().Text;
            default:
                return null;
        }
    }
}
