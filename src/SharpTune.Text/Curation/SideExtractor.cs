using System.Text;
using System.Text.Json;

namespace SharpTune.Text.Curation;

/// <summary>Takes the two sides out of a record's JSON per <see cref="RecordFormat"/>.</summary>
internal static class SideExtractor
{
    /// <summary>A problem with one record: what is wrong, and the --skip_invalid cause.</summary>
    internal readonly record struct Problem(string Message, string Cause);

    public static (string First, string Second) Extract(JsonElement root, RecordFormat f, Func<Problem, Exception> fail) => f.Kind switch
    {
        RecordKind.Pairs => (Field(root, f.Source, fail), Field(root, f.Target, fail)),
        RecordKind.Alpaca => (Alpaca(root, f, fail), Field(root, f.Response, fail)),
        _ => ShareGpt(root, f, fail),
    };

    static string Field(JsonElement root, string name, Func<Problem, Exception> fail)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            throw fail(new Problem($"the record has no \"{name}\" field; expected a string there.", "missing_" + name));
        if (v.ValueKind != JsonValueKind.String)
            throw fail(new Problem($"\"{name}\" is a {v.ValueKind.ToString().ToLowerInvariant()}; expected a string.", "not_a_string_" + name));
        return v.GetString()!;
    }

    static string Alpaca(JsonElement root, RecordFormat f, Func<Problem, Exception> fail)
    {
        string instruction = Field(root, f.Prompt, fail);
        string input = root.TryGetProperty(f.Query, out var q) && q.ValueKind == JsonValueKind.String ? q.GetString()! : "";
        return input.Length == 0 ? instruction : instruction + "\n" + input;
    }

    static (string, string) ShareGpt(JsonElement root, RecordFormat f, Func<Problem, Exception> fail)
    {
        if (!root.TryGetProperty(f.Messages, out var turns) || turns.ValueKind != JsonValueKind.Array)
            throw fail(new Problem($"the record has no \"{f.Messages}\" list of turns.", "missing_" + f.Messages));
        var user = new StringBuilder();
        var assistant = new StringBuilder();
        foreach (var turn in turns.EnumerateArray())
        {
            if (turn.ValueKind != JsonValueKind.Object || !turn.TryGetProperty(f.RoleTag, out var role) || !turn.TryGetProperty(f.ContentTag, out var content)
                || content.ValueKind != JsonValueKind.String)
                throw fail(new Problem($"a turn of \"{f.Messages}\" lacks \"{f.RoleTag}\" or a string \"{f.ContentTag}\".", "bad_turn"));
            var target = role.GetString() == f.UserTag ? user : role.GetString() == f.AssistantTag ? assistant : null;
            if (target == null) continue;
            if (target.Length > 0) target.Append('\n');
            target.Append(content.GetString());
        }
        if (user.Length == 0) throw fail(new Problem($"no \"{f.UserTag}\" turn in \"{f.Messages}\".", "missing_user_turn"));
        if (assistant.Length == 0) throw fail(new Problem($"no \"{f.AssistantTag}\" turn in \"{f.Messages}\".", "missing_assistant_turn"));
        return (user.ToString(), assistant.ToString());
    }
}
