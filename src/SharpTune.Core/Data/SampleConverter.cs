using System.Text.Json;
using SharpTune.Text.Templates;

namespace SharpTune.Core.Data;

/// <summary>
/// Turns raw records into <see cref="ConversationSample"/>s as LLaMA-Factory's alpaca and sharegpt converters do.
/// A record that does not fit the format raises <see cref="DataFormatException"/> naming its file and line.
/// </summary>
public static class SampleConverter
{
    public static ConversationSample Convert(DatasetAttr attr, DataRow row) =>
        row.Error is { } error ? throw new DataFormatException(error)
        : attr.Formatting == "sharegpt" ? ShareGpt(attr, row) : Alpaca(attr, row);

    static string? Text(JsonElement o, string? column, string location)
    {
        if (column is null || !o.TryGetProperty(column, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => throw new DataFormatException($"{location}: column '{column}' must be text, got {RowSource.Describe(v.ValueKind)}"),
        };
    }

    static ConversationSample Alpaca(DatasetAttr a, DataRow row)
    {
        var o = row.Value;
        if (o.ValueKind != JsonValueKind.Object) throw new DataFormatException($"{row.Location}: expected a JSON object with '{a.Prompt}'");
        var messages = new List<ChatMessage>();
        if (a.History is { } h && o.TryGetProperty(h, out var hist) && hist.ValueKind == JsonValueKind.Array)
        {
            foreach (var pair in hist.EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                    || pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.String)
                    throw new DataFormatException($"{row.Location}: column '{h}' must be a list of [prompt, response] string pairs");
                messages.Add(ChatMessage.User(pair[0].GetString()!));
                messages.Add(ChatMessage.Assistant(pair[1].GetString()!));
            }
        }
        var query = new[] { Text(o, a.Prompt, row.Location), Text(o, a.Query, row.Location) }.Where(s => !string.IsNullOrEmpty(s)).ToList();
        if (query.Count == 0)
            throw new DataFormatException($"{row.Location}: no text in column '{a.Prompt}'" + (a.Query != a.Prompt ? $" or '{a.Query}'" : ""));
        messages.Add(ChatMessage.User(string.Join("\n", query)));
        string? response = Text(o, a.Response, row.Location) ?? (a.Ranking ? Text(o, "chosen", row.Location) : null);
        if (response != null) messages.Add(ChatMessage.Assistant(response));
        return new ConversationSample(messages, Text(o, a.System, row.Location), Text(o, a.Tools, row.Location), row.Location);
    }

    static ConversationSample ShareGpt(DatasetAttr a, DataRow row)
    {
        var o = row.Value;
        if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(a.Messages, out var list) || list.ValueKind != JsonValueKind.Array)
            throw new DataFormatException($"{row.Location}: expected a list in column '{a.Messages}'");
        var tags = EffectiveTags(a, list);
        var items = list.EnumerateArray().ToList();
        string? system = Text(o, a.System, row.Location);
        int start = 0;
        if (items.Count > 0 && Tag(items[0], tags.RoleTag, row.Location) == tags.SystemTag)
        {
            system = Tag(items[0], tags.ContentTag, row.Location);
            start = 1;
        }
        var messages = new List<ChatMessage>();
        for (int i = start; i < items.Count; i++)
        {
            string role = Tag(items[i], tags.RoleTag, row.Location);
            bool userTurn = (i - start) % 2 == 0;
            ChatRole? mapped = userTurn
                ? role == tags.UserTag ? ChatRole.User : role == tags.ObservationTag ? ChatRole.Observation : null
                : role == tags.AssistantTag ? ChatRole.Assistant : role == tags.FunctionTag ? ChatRole.Function : null;
            if (mapped is null)
                throw new DataFormatException($"{row.Location}: message {i + 1} has role '{role}', expected "
                    + (userTurn ? $"'{tags.UserTag}' or '{tags.ObservationTag}'" : $"'{tags.AssistantTag}' or '{tags.FunctionTag}'") + " (turns must alternate)");
            messages.Add(new ChatMessage(mapped.Value, Tag(items[i], tags.ContentTag, row.Location)));
        }
        if (messages.Count == 0 || messages.Count % 2 != 0)
            throw new DataFormatException($"{row.Location}: {messages.Count} messages; a conversation needs user/assistant pairs ending with the assistant");
        return new ConversationSample(messages, system, Text(o, a.Tools, row.Location), row.Location);
    }

    /// <summary>The attr's tags, or OpenAI's role/content tags when the data clearly uses them and the attr has defaults.</summary>
    static DatasetAttr EffectiveTags(DatasetAttr a, JsonElement list)
    {
        if (a.RoleTag != "from" || list.GetArrayLength() == 0) return a;
        var first = list[0];
        if (first.ValueKind == JsonValueKind.Object && !first.TryGetProperty("from", out _) && first.TryGetProperty("role", out _))
            return a with { RoleTag = "role", ContentTag = "content", UserTag = "user", AssistantTag = "assistant", ObservationTag = "tool", FunctionTag = "function", SystemTag = "system" };
        return a;
    }

    static string Tag(JsonElement message, string tag, string location) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty(tag, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()! : throw new DataFormatException($"{location}: every message needs a text '{tag}'");
}
