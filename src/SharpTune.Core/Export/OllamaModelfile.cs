using SharpTune.Core.Checkpoints.Gguf;

namespace SharpTune.Core.Export;

/// <summary>
/// An Ollama Modelfile for an exported GGUF (`ollama create NAME -f Modelfile`): FROM the file, and the end-of-turn
/// token as a stop word. Ollama reads the chat template from the GGUF's tokenizer.chat_template itself.
/// </summary>
public static class OllamaModelfile
{
    public static string For(string ggufFile, GgufVocabulary vocab)
    {
        var lines = new List<string> { $"FROM ./{ggufFile}" };
        if (vocab.EosId is { } e && e < vocab.Tokens.Count) lines.Add($"PARAMETER stop \"{vocab.Tokens[e].Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        lines.Add("PARAMETER temperature 0");
        return string.Join("\n", lines) + "\n";
    }
}
