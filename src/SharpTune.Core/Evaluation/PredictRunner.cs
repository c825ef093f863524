using System.Text.Json;
using SharpTune.Core.Checkpoints;
using SharpTune.Core.Data;
using SharpTune.Core.Generation;
using SharpTune.Core.Modeling;
using SharpTune.Text.Metrics;
using SharpTune.Text.Templates;
using SharpTune.Text.IO;

namespace SharpTune.Core.Evaluation;

/// <summary>One generated prediction, as LLaMA-Factory's generated_predictions.jsonl line.</summary>
public sealed record Prediction(string prompt, string predict, string label);

/// <summary>Predictions and their corpus scores (BLEU, chrF, chrF++, ROUGE with signatures, and LLaMA-Factory's numbers).</summary>
public sealed record PredictResult(IReadOnlyList<Prediction> Predictions, IReadOnlyDictionary<string, object> Scores);

/// <summary>
/// Predict with generate: for each example the template's prompt (all turns but the last response) is decoded
/// greedily (unless sampling is asked for) in left-padded batches; the last response is the label.
/// </summary>
public static class PredictRunner
{
    public static PredictResult Run(ICausalLM model, IReadOnlyList<ConversationSample> samples, ChatTemplate template, ITokenEncoder tokenizer,
        Func<IReadOnlyList<int>, string> decode, GenerationOptions options, int batchSize, IProgress<int>? progress = null)
    {
        if (samples.Count == 0) throw new ArgumentException("nothing to predict: the dataset is empty");
        var predictions = new List<Prediction>(samples.Count);
        for (int start = 0; start < samples.Count; start += batchSize)
        {
            var chunk = samples.Skip(start).Take(batchSize).ToList();
            var encoded = chunk.Select(s => template.EncodeOneturn(tokenizer, s.Messages, s.System)).ToList();
            var prompts = encoded.Select(e => e.PromptIds.Select(i => (long)i).ToArray()).ToArray();
            var result = TextGenerator.Generate(model, prompts, options);
            for (int i = 0; i < chunk.Count; i++)
            {
                var newIds = result.NewTokens[i].TakeWhile(t => !options.EosTokenIds.Contains(t)).Select(t => (int)t).ToList();
                predictions.Add(new Prediction(decode(encoded[i].PromptIds), decode(newIds), decode(encoded[i].ResponseIds)));
            }
            progress?.Report(predictions.Count);
        }
        return new PredictResult(predictions, Score(predictions));
    }

    /// <summary>Corpus BLEU / chrF / chrF++ / ROUGE (and LLaMA-Factory's bleu-4 / rouge-*) of predictions against labels.</summary>
    public static Dictionary<string, object> Score(IReadOnlyList<Prediction> predictions)
    {
        var hyp = predictions.Select(p => p.predict).ToList();
        IReadOnlyList<IReadOnlyList<string?>> refs = [predictions.Select(p => (string?)p.label).ToList()];
        var scores = new Dictionary<string, object>();
        foreach (var metric in new[] { "bleu", "chrf", "chrf++", "rouge", "bleu-4-lf", "rouge-lf" })
            scores[metric] = MetricRunner.Score(new ScoreRequest { Metric = metric, HypothesisPath = "", ReferencePaths = [] }, hyp, refs);
        return scores;
    }

    /// <summary>Writes generated_predictions{suffix}.jsonl and predict_results{suffix}.json (atomically) into <paramref name="outputDir"/>.</summary>
    public static void Write(string outputDir, PredictResult r, string suffix = "")
    {
        var opts = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        AtomicFile.WriteAllText(Path.Combine(outputDir, $"generated_predictions{suffix}.jsonl"),
            string.Concat(r.Predictions.Select(p => JsonSerializer.Serialize(p, opts) + "\n")));
        AtomicFile.WriteAllText(Path.Combine(outputDir, $"predict_results{suffix}.json"),
            JsonSerializer.Serialize(r.Scores, new JsonSerializerOptions(opts) { WriteIndented = true }));
    }
}
