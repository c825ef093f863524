using System.Text.Json.Nodes;
using SharpTune.Text.IO;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>
/// Adds tokens to a BPE tokenizer.json for a new language, keeping every existing id, vocabulary entry, merge
/// (and merge rank) and added token. New tokens get ids after the current maximum id (added tokens included);
/// their merges are appended after the base merges, so they only fire where a new token or non-ASCII text is
/// involved: ASCII text (English, code) encodes exactly as before. A merge of two base tokens (a "bridge") is
/// taken only when one of them holds a non-ASCII character; other merges of two base tokens, and new ASCII
/// characters, are skipped (and listed in the report). Text with non-ASCII characters may encode differently
/// wherever the new tokens apply: that is the point of the expansion.
/// </summary>
public static partial class VocabularyExpander
{
    /// <summary>
    /// Expands <paramref name="baseDir"/>/tokenizer.json with <paramref name="addition"/> (a folder or file with a
    /// tokenizer.json, or a UTF-8 token list, one token per line) and writes the result into <paramref name="outputDir"/>
    /// (tokenizer.json plus the base folder's other tokenizer files, each atomically, and expansion_report.json).
    /// </summary>
    public static ExpansionReport Expand(string baseDir, string addition, string outputDir)
    {
        string basePath = Tokenizer.FindJson(baseDir)
            ?? throw new FileNotFoundException($"Base tokenizer not found: {baseDir} (expected a folder holding tokenizer.json[.gz], or such a file).", baseDir);

        var baseModel = TokenizerJsonModel.Load(basePath);
        var state = new ExpansionState(baseModel);
        string? additionJson = Directory.Exists(addition) ? Tokenizer.FindJson(addition) ?? Path.Combine(addition, "tokenizer.json")
            : addition.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || addition.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase) ? addition : null;
        if (additionJson is not null) AddTokenizer(state, TokenizerJsonModel.Load(additionJson));
        else if (File.Exists(addition)) AddTokenList(state, File.ReadAllLines(addition), addition);
        else throw new FileNotFoundException($"Addition not found: {addition} (expected a tokenizer folder, a tokenizer.json or a token list file).", addition);

        var report = state.Commit();
        Directory.CreateDirectory(outputDir);
        string baseFolder = Path.GetDirectoryName(Path.GetFullPath(basePath))!;
        foreach (var name in new[] { "tokenizer_config.json", "special_tokens_map.json", "generation_config.json" })
        {
            string from = Path.Combine(baseFolder, name);
            if (File.Exists(from) && Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir)) != baseFolder) AtomicFile.WriteAllText(Path.Combine(outputDir, name), File.ReadAllText(from));
        }

        AtomicFile.WriteAllText(Path.Combine(outputDir, "tokenizer.json"), baseModel.Root.ToJsonString(TokenizerJsonWriter.Indented));
        AtomicFile.WriteAllText(Path.Combine(outputDir, "expansion_report.json"), System.Text.Json.JsonSerializer.Serialize(report, TokenizerJsonWriter.Indented));
        return report;
    }

    /// <summary>Expands tokenizer.json text with another tokenizer.json text; returns the merged JSON text and the report.</summary>
    public static (string TokenizerJson, ExpansionReport Report) ExpandJson(string baseJson, string additionJson)
    {
        var baseModel = TokenizerJsonModel.Parse(baseJson, "base tokenizer.json");
        var state = new ExpansionState(baseModel);
        AddTokenizer(state, TokenizerJsonModel.Parse(additionJson, "addition tokenizer.json"));
        var report = state.Commit();
        return (baseModel.Root.ToJsonString(TokenizerJsonWriter.Indented), report);
    }

    private static void AddTokenizer(ExpansionState state, TokenizerJsonModel addition)
    {
        var baseFlavor = state.Base.Flavor;
        if (addition.Flavor != baseFlavor)
        {
            throw new InvalidDataException(
                $"{state.Base.Source} is {Describe(baseFlavor)} but {addition.Source} is {Describe(addition.Flavor)}; "
                + "train the addition with the base's flavour (--model bpe for metaspace, bpe-bytelevel for byte-level).");
        }

        var specials = addition.AddedTokens.Select(t => t.Content).ToHashSet(StringComparer.Ordinal);
        var produced = addition.Merges.Select(m => m.Left + m.Right).ToHashSet(StringComparer.Ordinal);
        foreach (var (token, _) in addition.Vocab.OrderBy(kv => kv.Value))
        {
            bool byteToken = addition.ByteFallback && token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal);
            if (specials.Contains(token) || byteToken || produced.Contains(token)) continue;
            state.AddSymbol(token); // alphabet entries: single characters the base may lack
        }

        foreach (var (left, right) in addition.Merges) state.AddMerge(left, right);
    }

    private static string Describe(VocabFlavor flavor) => flavor switch
    {
        VocabFlavor.ByteLevel => "byte-level (GPT-2 style)",
        VocabFlavor.Metaspace => "metaspace (SentencePiece style)",
        _ => "neither byte-level nor metaspace",
    };
}
