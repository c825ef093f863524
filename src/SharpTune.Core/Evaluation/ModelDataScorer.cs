using SharpTune.Core.Configuration;
using SharpTune.Core.Data;
using SharpTune.Core.Generation;
using SharpTune.Core.Training;
using SharpTune.Text.Curation;
using SharpTune.Text.Curation.Scoring;
using SharpTune.Text.Templates;
using SharpTune.Text.Tokenization;

namespace SharpTune.Core.Evaluation;

/// <summary>
/// The language model behind `data score | filter --model_name_or_path`: for every record it measures the mean
/// cross-entropy of each side alone (BOS + text, as `model(ids, labels=ids).loss` in transformers) and of the second
/// side after the template's prompt holding the first (loss on the response tokens only, as Cherry LLM's IFD does);
/// for translation pairs also the reverse direction. The prompt of a pair is "Translate to LANGUAGE:\n" + the other
/// side as the user turn. All sequences of a batch of records are forwarded together, length-sorted, in batches of
/// batch_size (<see cref="Perplexity.PerExample"/>).
/// </summary>
public sealed class ModelDataScorer : ISampleLossModel, IDisposable
{
    readonly ModelSession _session;
    readonly Tokenizer _tokenizer;
    readonly ChatTemplate _template;
    readonly int _cutoff, _batchSize, _padId;

    ModelDataScorer(ModelSession session, Tokenizer tokenizer, ChatTemplate template, int cutoffLen, int batchSize)
    {
        (_session, _tokenizer, _template, _cutoff, _batchSize) = (session, tokenizer, template, cutoffLen, batchSize);
        _padId = tokenizer.PadId ?? tokenizer.EosId ?? 0;
    }

    /// <summary>Loads the model (+ adapters), its tokenizer and the template (named, or inferred from the tokenizer).</summary>
    public static ModelDataScorer Load(ModelArguments model, int cutoffLen, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (cutoffLen < 2) throw new ArgumentException($"--cutoff_len must be at least 2, not {cutoffLen}.");
        if (batchSize < 1) throw new ArgumentException($"--batch_size must be at least 1, not {batchSize}.");
        string dir = model.ModelNameOrPath ?? throw new ArgumentException("--model_name_or_path is required");
        var tokenizer = DataPipeline.LoadTokenizer(dir);
        var template = DataPipeline.ResolveTemplate(model.Template, dir);
        return new ModelDataScorer(ModelSession.Load(model), tokenizer, template, cutoffLen, batchSize);
    }

    /// <inheritdoc/>
    public void Measure(IReadOnlyList<CurationRecord> records, RecordFormat format, Span<ModelLosses> losses, Action<int>? measured = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(format);
        bool pairs = format.Kind == RecordKind.Pairs;
        int slots = pairs ? 4 : 3;
        var examples = new List<TokenizedExample>(records.Count * slots);
        foreach (var r in records)
        {
            examples.Add(Alone(r.First));
            examples.Add(Alone(r.Second));
            examples.Add(Conditioned(pairs ? Instruction(format.Target, r.First) : r.First, r.Second));
            if (pairs) examples.Add(Conditioned(Instruction(format.Source, r.Second), r.First));
        }
        int total = examples.Count;
        var ce = Perplexity.PerExample(_session, examples, _batchSize, _padId, measured is null ? null : n => measured((int)((long)n * records.Count / Math.Max(1, total))));
        for (int i = 0; i < records.Count; i++)
            losses[i] = new ModelLosses(ce[i * slots], ce[i * slots + 1], ce[i * slots + 2], pairs ? ce[i * slots + 3] : double.NaN);
        measured?.Invoke(records.Count);
    }

    /// <summary>BOS (when the tokenizer adds one) + the text, every token learned, cut to cutoff_len.</summary>
    internal TokenizedExample Alone(string text)
    {
        var ids = new List<int>();
        if (_tokenizer.AddBosToken && _tokenizer.BosId is { } bos) ids.Add(bos);
        ids.AddRange(Ids(text));
        var cut = ids.Take(_cutoff).ToArray();
        return new TokenizedExample(cut, cut);
    }

    /// <summary>The template's prompt holding <paramref name="prompt"/>, then the response's own tokens (learned), cut as LLaMA-Factory cuts.</summary>
    internal TokenizedExample Conditioned(string prompt, string response)
    {
        var turn = _template.EncodeOneturn(_tokenizer, [new ChatMessage(ChatRole.User, prompt), new ChatMessage(ChatRole.Assistant, response)]);
        var target = Ids(response);
        var (srcLen, tgtLen) = SupervisedPreprocessor.InferSeqLen(turn.PromptIds.Count, target.Count, _cutoff);
        var ids = turn.PromptIds.Take(srcLen).Concat(target.Take(tgtLen)).ToArray();
        var labels = Enumerable.Repeat(TokenizedExample.IgnoreIndex, srcLen).Concat(target.Take(tgtLen)).ToArray();
        return new TokenizedExample(ids, labels);
    }

    /// <summary>Token ids of plain text, without special tokens (as the template encodes a turn's content).</summary>
    IReadOnlyList<int> Ids(string text) => ((ITokenEncoder)_tokenizer).Encode(text);

    /// <summary>The user turn of a translation prompt into <paramref name="language"/>.</summary>
    internal static string Instruction(string language, string text) => $"Translate to {LanguageName(language)}:\n{text}";

    static string LanguageName(string code) => code.ToLowerInvariant() switch
    {
        "en" => "English", "es" => "Spanish", "th" => "Thai", "zh" or "zh_cn" or "zh-cn" => "Chinese", "fr" => "French", "de" => "German",
        "pt" => "Portuguese", "it" => "Italian", "ja" => "Japanese", "ko" => "Korean", "ru" => "Russian", "ar" => "Arabic", "hi" => "Hindi",
        _ => code,
    };

    public void Dispose() => _session.Dispose();
}
