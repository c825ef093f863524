using System.Text.Json;
using System.Text.Json.Nodes;
using SharpTune.Text.Templates;

namespace SharpTune.Text.Curation;

/// <summary>
/// `sharptune data shots`: for every input record, K solved examples from a pool (<see cref="KShotPromptBuilder"/>),
/// written as the record plus "messages" (the shots as prior user / assistant turns, then the query) and "prompt"
/// (the text the model sees: rendered with the chat template when one is given, otherwise the inline form).
/// </summary>
public static class ShotsRunner
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="output"/>; returns the number of records written.</summary>
    public static long Run(string input, string pool, RecordFormat format, int numShots, KShotSelection selection, int seed, ChatTemplate? template, string output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numShots);
        var shots = new RecordReader(pool, format).Read().Select(ToExample).ToList();
        var builder = new KShotPromptBuilder(shots, numShots, seed, selection);
        using var writer = new RecordWriter(output);
        foreach (var record in new RecordReader(input, format).Read())
        {
            var query = ToExample(record);
            var messages = builder.BuildTurns(query, withResponse: false);
            var node = JsonNode.Parse(record.Json)!.AsObject();
            node["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject
            {
                ["role"] = m.Role.ToString().ToLowerInvariant(),
                ["content"] = m.Content,
            })]);
            node["prompt"] = template is null ? builder.BuildInline(query) : Render(template, messages);
            writer.Write(node.ToJsonString(JsonOptions));
        }
        writer.Commit();
        return writer.Count;
    }

    /// <summary>A record as a demonstration: its first side is the prompt, its second the solved output.</summary>
    public static KShotExample ToExample(CurationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new KShotExample(record.First, "", record.Second);
    }

    // The template's text for the shots and the open query: every rendered turn, the last one's response left out.
    static string Render(ChatTemplate template, IReadOnlyList<ChatMessage> messages)
    {
        var withAnswer = messages.Append(ChatMessage.Assistant("")).ToList();
        var turns = template.RenderMultiturn(withAnswer);
        return string.Concat(turns.Select((t, i) => i < turns.Count - 1 ? t.Prompt + t.Response : t.Prompt));
    }
}
