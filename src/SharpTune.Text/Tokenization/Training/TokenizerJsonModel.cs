using System.Text.Json;
using System.Text.Json.Nodes;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>
/// A checked view of a tokenizer.json with a BPE model, on System.Text.Json.Nodes (independent of the encode
/// engine): vocabulary, merges, added tokens, flavour. Every malformed part is an error naming the file and key.
/// </summary>
internal sealed class TokenizerJsonModel
{
    private TokenizerJsonModel(JsonObject root, JsonObject model, string source)
    {
        Root = root;
        Model = model;
        Source = source;
    }

    public JsonObject Root { get; }
    public JsonObject Model { get; }
    public string Source { get; }
    public Dictionary<string, int> Vocab { get; } = new(StringComparer.Ordinal);
    public List<(string Left, string Right)> Merges { get; } = [];
    public bool MergesAsArrays { get; private set; }
    public List<(int Id, string Content)> AddedTokens { get; } = [];
    public bool ByteFallback { get; private set; }
    public VocabFlavor Flavor { get; private set; }

    /// <summary>The largest id in the vocabulary or the added tokens (-1 when both are empty).</summary>
    public int MaxId => Math.Max(Vocab.Count == 0 ? -1 : Vocab.Values.Max(), AddedTokens.Count == 0 ? -1 : AddedTokens.Max(t => t.Id));

    public static TokenizerJsonModel Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Tokenizer file not found: {path}", path);
        return Parse(System.Text.Encoding.UTF8.GetString(Tokenizer.ReadAllBytes(path)), path);
    }

    public static TokenizerJsonModel Parse(string json, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}).", e);
        }

        if (node is not JsonObject root) throw new InvalidDataException($"{source}: expected a JSON object at the top level.");
        if (root["model"] is not JsonObject model) throw new InvalidDataException($"{source}: missing object 'model'.");
        string? type = model["type"]?.GetValueKind() == JsonValueKind.String ? (string?)model["type"] : null;
        if (type is not null and not "BPE") throw new InvalidDataException($"{source}: model.type is '{type}'; only BPE models can be expanded.");
        var result = new TokenizerJsonModel(root, model, source);
        result.ReadVocab();
        result.ReadMerges();
        result.ReadAddedTokens();
        result.ByteFallback = model["byte_fallback"]?.GetValueKind() == JsonValueKind.True;
        result.Flavor = DetectFlavor(root);
        return result;
    }

    private void ReadVocab()
    {
        if (Model["vocab"] is not JsonObject vocab) throw new InvalidDataException($"{Source}: missing object 'model.vocab'.");
        var seen = new HashSet<int>();
        foreach (var (token, value) in vocab)
        {
            if (value?.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue(out int id) || id < 0)
            {
                throw new InvalidDataException($"{Source}: model.vocab['{token}'] must be a non-negative integer id.");
            }

            if (!seen.Add(id)) throw new InvalidDataException($"{Source}: id {id} appears twice in model.vocab (again at '{token}').");
            Vocab[token] = id;
        }
    }

    private void ReadMerges()
    {
        if (Model["merges"] is not JsonArray merges) throw new InvalidDataException($"{Source}: missing array 'model.merges'.");
        for (int i = 0; i < merges.Count; i++)
        {
            var item = merges[i];
            if (item is JsonArray { Count: 2 } pair && pair[0]?.GetValueKind() == JsonValueKind.String && pair[1]?.GetValueKind() == JsonValueKind.String)
            {
                MergesAsArrays = true;
                Merges.Add(((string)pair[0]!, (string)pair[1]!));
            }
            else if (item?.GetValueKind() == JsonValueKind.String && ((string)item!).Split(' ') is [var left, var right])
            {
                Merges.Add((left, right));
            }
            else
            {
                throw new InvalidDataException($"{Source}: model.merges[{i}] must be \"left right\" or [\"left\", \"right\"].");
            }
        }
    }

    private void ReadAddedTokens()
    {
        if (Root["added_tokens"] is null) return;
        if (Root["added_tokens"] is not JsonArray added) throw new InvalidDataException($"{Source}: 'added_tokens' must be an array.");
        for (int i = 0; i < added.Count; i++)
        {
            if (added[i] is not JsonObject entry
                || entry["id"]?.GetValueKind() != JsonValueKind.Number || !entry["id"]!.AsValue().TryGetValue(out int id) || id < 0
                || entry["content"]?.GetValueKind() != JsonValueKind.String)
            {
                throw new InvalidDataException($"{Source}: added_tokens[{i}] needs a non-negative integer 'id' and a string 'content'.");
            }

            AddedTokens.Add((id, (string)entry["content"]!));
        }
    }

    private static VocabFlavor DetectFlavor(JsonObject root)
    {
        string parts = string.Concat(
            root["normalizer"]?.ToJsonString() ?? "",
            root["pre_tokenizer"]?.ToJsonString() ?? "",
            root["decoder"]?.ToJsonString() ?? "");
        if (parts.Contains("\"ByteLevel\"", StringComparison.Ordinal)) return VocabFlavor.ByteLevel;
        if (parts.Contains("\"Metaspace\"", StringComparison.Ordinal) || parts.Contains('\u2581') || parts.Contains("\\u2581", StringComparison.OrdinalIgnoreCase))
        {
            return VocabFlavor.Metaspace;
        }

        return VocabFlavor.Other;
    }
}
