using SharpTune.Core.Configuration;
using SharpTune.Core.Training;
using SharpTune.Text.Templates;
using SharpTune.Text.Tokenization;

namespace SharpTune.Core.Data;

/// <summary>The steps train, eval and predict share: the model's tokenizer, the chat template, and preprocessing.</summary>
public static class DataPipeline
{
    /// <summary>True when <paramref name="modelDir"/> holds a tokenizer SharpTune can load.</summary>
    public static bool HasTokenizer(string modelDir) =>
        Tokenizer.FindJson(modelDir) is not null || File.Exists(Path.Combine(modelDir, "tokenizer.model"));

    public static Tokenizer LoadTokenizer(string modelDir)
    {
        if (!Directory.Exists(modelDir))
            throw new DirectoryNotFoundException($"model_name_or_path '{modelDir}' is not a folder (looked for {Path.GetFullPath(modelDir)}; " +
                "relative paths are taken from the current directory, and models are read from local folders, never downloaded)");
        if (!HasTokenizer(modelDir))
            throw new FileNotFoundException($"{modelDir}: no tokenizer.json (the model's tokenizer is needed to read text)");
        return Tokenizer.Load(modelDir);
    }

    /// <summary>The named template, else the one the tokenizer's chat_template implies, else an error listing the choices.</summary>
    public static ChatTemplate ResolveTemplate(string? name, string modelDir)
    {
        if (name is null)
        {
            string config = Path.Combine(modelDir, "tokenizer_config.json");
            name = File.Exists(config) ? ChatTemplates.TryInfer(File.ReadAllText(config)) : null;
            if (name is null)
                throw new ArgumentException($"template is not set and cannot be inferred from {config}; choose one of: {string.Join(", ", ChatTemplates.Names)}");
        }
        return ChatTemplates.Get(name);
    }

    /// <summary>Supervised examples (with a template) or pre-training blocks (without), skipping invalid ones when asked.</summary>
    public static List<TokenizedExample> Preprocess(IEnumerable<ConversationSample> samples, DataArguments data, Tokenizer tokenizer, ChatTemplate? template, Action<string> info)
    {
        if (template is null)
            return PretrainPreprocessor.Encode(samples, tokenizer, data.CutoffLen, data.Packing ?? true, tokenizer.BosId.HasValue && tokenizer.AddBosToken);
        var pre = new SupervisedPreprocessor(template, tokenizer, data.CutoffLen, data.TrainOnPrompt, data.MaskHistory);
        var result = new List<TokenizedExample>(samples.TryGetNonEnumeratedCount(out int count) ? count : 0);
        int skipped = 0;
        string? first = null;
        foreach (var s in samples)
        {
            try { result.Add(pre.Encode(s)); }
            catch (DataFormatException e) when (data.SkipInvalid)
            {
                skipped++;
                first ??= e.Message;
            }
        }
        if (skipped > 0) info($"skipped {skipped} examples in preprocessing, e.g. {first}");
        if (result.Count == 0) throw new DataFormatException("no example survived preprocessing");
        return result;
    }

    /// <summary>
    /// The samples one by one, each slot cleared as it is handed out, so the raw text of a large dataset can be
    /// collected while it is tokenized (its peak memory is then the larger of the two, not their sum).
    /// </summary>
    public static IEnumerable<ConversationSample> Drain(List<ConversationSample?> samples)
    {
        for (int i = 0; i < samples.Count; i++)
        {
            var s = samples[i] ?? throw new InvalidOperationException("these samples were already drained");
            samples[i] = null;
            yield return s;
        }
    }
}
