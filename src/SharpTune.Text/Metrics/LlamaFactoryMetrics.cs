using System.Text;

namespace SharpTune.Text.Metrics;

/// <summary>
/// The similarity numbers LLaMA-Factory's <c>ComputeSimilarity</c> (src/llamafactory/train/sft/metric.py) reports
/// after predict-with-generate, averaged over samples, each sample rounded to 4 decimals ×100:
/// <list type="bullet">
/// <item><c>bleu-4-lf</c>: NLTK <c>sentence_bleu([list(label)], list(pred), smoothing_function=method3)</c>, i.e.
/// BLEU-4 over characters (spaces included) — identical to LLaMA-Factory.</item>
/// <item><c>rouge-1-lf</c>, <c>rouge-2-lf</c>, <c>rouge-l-lf</c>: F of <c>rouge_chinese.Rouge</c> on segmented text.
/// LLaMA-Factory segments with jieba (a dictionary word segmenter), which SharpTune does not have: here every
/// CJK (and any other non-ASCII) character is its own token and runs of ASCII letters/digits stay whole (as jieba
/// keeps them). For Chinese, jieba's multi-character words make LLaMA-Factory's ROUGE lower than these
/// character-level numbers; for English and other spaced text the two agree. Hence the <c>-lf</c> names.</item>
/// </list>
/// Samples whose prediction or label has no tokens get ROUGE 0, as in LLaMA-Factory.
/// </summary>
public static class LlamaFactoryMetrics
{
    /// <summary>The metric names, in LLaMA-Factory's order with the -lf suffix.</summary>
    public static IReadOnlyList<string> Names { get; } = ["rouge-1-lf", "rouge-2-lf", "rouge-l-lf", "bleu-4-lf"];

    /// <summary>One sample's scores (0..100, rounded to 4 decimals as LLaMA-Factory does), keyed by <see cref="Names"/>.</summary>
    public static IReadOnlyDictionary<string, double> Sample(string prediction, string label)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(label);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        string hyp = string.Join(' ', Segment(prediction));
        string reference = string.Join(' ', Segment(label));
        if (hyp.Length == 0 || reference.Length == 0)
        {
            result["rouge-1-lf"] = result["rouge-2-lf"] = result["rouge-l-lf"] = 0.0;
        }
        else
        {
            var h = LlamaFactoryRouge.Sentences(hyp);
            var r = LlamaFactoryRouge.Sentences(reference);
            result["rouge-1-lf"] = Round(LlamaFactoryRouge.RougeN(h, r, 1) * 100);
            result["rouge-2-lf"] = Round(LlamaFactoryRouge.RougeN(h, r, 2) * 100);
            result["rouge-l-lf"] = Round(LlamaFactoryRouge.RougeL(h, r) * 100);
        }
        result["bleu-4-lf"] = Round(Bleu4(prediction, label) * 100);
        return result;
    }

    /// <summary>The mean of each metric over aligned predictions and labels (LLaMA-Factory's <c>np.mean</c>).</summary>
    public static IReadOnlyDictionary<string, double> Corpus(IReadOnlyList<string> predictions, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(labels);
        if (predictions.Count != labels.Count)
        {
            throw new ArgumentException($"There are {predictions.Count} predictions but {labels.Count} labels.");
        }
        var sums = Names.ToDictionary(n => n, _ => 0.0, StringComparer.Ordinal);
        for (int i = 0; i < predictions.Count; i++)
        {
            foreach (var (name, value) in Sample(predictions[i], labels[i])) sums[name] += value;
        }
        return sums.ToDictionary(kv => kv.Key, kv => predictions.Count == 0 ? 0.0 : kv.Value / predictions.Count,
            StringComparer.Ordinal);
    }

    /// <summary>NLTK sentence BLEU-4 with method3 smoothing over the characters of both strings (0..1).</summary>
    public static double Bleu4(string prediction, string label) =>
        NltkSentenceBleu.Score([NltkSentenceBleu.Characters(label)], NltkSentenceBleu.Characters(prediction));

    /// <summary>
    /// The jieba stand-in: runs of ASCII letters and digits are one token, every other non-whitespace code point
    /// is its own token, whitespace separates.
    /// </summary>
    public static List<string> Segment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii && char.IsAsciiLetterOrDigit((char)rune.Value))
            {
                word.Append((char)rune.Value);
                continue;
            }
            if (word.Length > 0)
            {
                tokens.Add(word.ToString());
                word.Clear();
            }
            if (!PyText.IsSpace(rune.Value)) tokens.Add(rune.ToString());
        }
        if (word.Length > 0) tokens.Add(word.ToString());
        return tokens;
    }

    /// <summary>Python's <c>round(x, 4)</c> (half to even).</summary>
    private static double Round(double x) => Math.Round(x, 4, MidpointRounding.ToEven);
}
