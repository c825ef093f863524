namespace SharpTune.Cli;

/// <summary>Writes tokenizer files next to a converted model.</summary>
internal static class TokenizerFiles
{
    /// <summary>Copies the SentencePiece model as tokenizer.model (the Hugging Face slow-tokenizer file name).</summary>
    public static void ConvertSentencePiece(string spModel, string outputDir)
    {
        if (!File.Exists(spModel)) throw new FileNotFoundException($"{spModel}: tokenizer not found", spModel);
        File.Copy(spModel, Path.Combine(outputDir, "tokenizer.model"), overwrite: true);
    }
}
