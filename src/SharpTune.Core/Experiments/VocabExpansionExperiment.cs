using System.Globalization;
using SharpTune.Core.Data;
using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Core.Experiments;

/// <summary>
/// vocab-expansion, the four steps end to end: Thai tokens per character with the base tokenizer; `tokenizer train` on
/// Thai text and `tokenizer expand` of the base; continued pre-training on English + Thai with and without the expansion
/// (resize_vocab, new rows from their base pieces); LoRA on English–Thai pairs; Thai held-out loss per character and chrF.
/// </summary>
public sealed class VocabExpansionExperiment : IExperiment
{
    public string Name => "vocab-expansion";

    public string Question => "Does expanding the vocabulary with Thai tokens make the model read and write Thai better than continued pre-training with the original vocabulary?";

    const string ThaiHeldOut = "thai_text_heldout";

    /// <summary>One arm's measurements, per seed.</summary>
    public sealed record Arm(string Label, double TokensPerChar, IReadOnlyList<double> NatsPerChar, IReadOnlyList<RunOutcome> Sft);

    public ExperimentReport Run(ExperimentContext ctx)
    {
        var s = ctx.Settings;
        var b = Budget.For(s.Quick, fullSteps: 40);
        var data = new ExperimentData(s);
        var heldOut = File.ReadAllLines(data.FileOf(ThaiHeldOut)).Where(l => l.Length > 0).ToList();
        var thaiText = File.ReadAllLines(data.FileOf("thai_text_sample")).Where(l => l.Length > 0).ToList();
        if (s.Quick) { heldOut = heldOut.Take(40).ToList(); thaiText = thaiText.Take(400).ToList(); }
        string heldOutSet = data.AddText("thai_heldout", heldOut);

        ctx.Info("[tokenizer] training the Thai tokenizer and expanding the base");
        int thaiVocab = s.Quick ? 300 : 1000;
        var trained = BpeTrainer.Train(thaiText, new BpeTrainerOptions { VocabSize = thaiVocab, Kind = BpeModelKind.Metaspace });
        string thaiTok = Path.Combine(s.OutputDir, "thai-tokenizer");
        BpeTrainer.Save(trained, thaiTok);
        string expandedDir = Path.Combine(s.OutputDir, "base-expanded");
        var expansion = VocabularyExpander.Expand(s.ModelNameOrPath, thaiTok, expandedDir);
        foreach (var f in new[] { "config.json", "model.safetensors" }) File.Copy(Path.Combine(s.ModelNameOrPath, f), Path.Combine(expandedDir, f), overwrite: true);

        var arms = new List<Arm>();
        foreach (var (label, dir, resize) in new[] { ("original vocabulary", s.ModelNameOrPath, (int?)null), ("expanded vocabulary", expandedDir, expansion.VocabSizeAfter) })
        {
            double tpc = TokensPerChar(dir, heldOut);
            var nats = new List<double>();
            var sft = new List<RunOutcome>();
            string slug = resize is null ? "original" : "expanded";
            foreach (long seed in s.Seeds(b.Seeds))
            {
                var pt = Pretrain(b, seed, dir, resize);
                pt["dataset_dir"] = data.Dir;
                var ptRun = ctx.Train($"pt-{slug}-seed{seed}", pt);
                var loss = ctx.Evaluate($"eval-{slug}-seed{seed}", new Dictionary<string, string>
                {
                    ["model_name_or_path"] = ptRun.OutputDir, ["eval_dataset"] = heldOutSet, ["dataset_dir"] = data.Dir, ["cutoff_len"] = "128", ["per_device_eval_batch_size"] = "16",
                }, "pt");
                nats.Add(loss.Loss * loss.Tokens / heldOut.Sum(l => l.Length));
                var c = ExperimentRecipes.WithPredict(ExperimentRecipes.Sft(b, seed, "ui_en_th_train"), b, "ui_en_th_test");
                c["model_name_or_path"] = ptRun.OutputDir;
                c["dataset_dir"] = data.Dir;
                sft.Add(ctx.Train($"sft-{slug}-seed{seed}", c));
            }
            arms.Add(new Arm(label, tpc, nats, sft));
        }
        return Analyse(s.OutputDir, expansion, thaiVocab, arms, b);
    }

    /// <summary>Continued pre-training (full) on the English demo prose + Thai text, 128-token blocks.</summary>
    static Dictionary<string, string> Pretrain(Budget b, long seed, string modelDir, int? resize)
    {
        var c = new Dictionary<string, string>
        {
            ["model_name_or_path"] = modelDir,
            ["stage"] = "pt",
            ["do_train"] = "true",
            ["finetuning_type"] = "full",
            ["dataset"] = "english_prose_demo,thai_text_sample",
            ["cutoff_len"] = "128",
            ["max_samples"] = b.Samples.ToString(CultureInfo.InvariantCulture),
            ["per_device_train_batch_size"] = b.BatchSize.ToString(CultureInfo.InvariantCulture),
            ["learning_rate"] = "0.001",
            ["max_steps"] = b.Steps.ToString(CultureInfo.InvariantCulture),
            ["lr_scheduler_type"] = "cosine",
            ["warmup_ratio"] = "0.05",
            ["logging_steps"] = Math.Max(1, b.Steps / 10).ToString(CultureInfo.InvariantCulture),
            ["save_strategy"] = "no",
            ["report_to"] = "none",
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
        };
        if (resize is { } v) c["resize_vocab"] = v.ToString(CultureInfo.InvariantCulture);
        return c;
    }

    /// <summary>Tokens per character of <paramref name="lines"/> with the tokenizer of <paramref name="modelDir"/> (no special tokens).</summary>
    public static double TokensPerChar(string modelDir, IReadOnlyList<string> lines)
    {
        var tokenizer = DataPipeline.LoadTokenizer(modelDir);
        long tokens = lines.Sum(l => (long)tokenizer.EncodeToIds(l, addSpecialTokens: false).Length);
        return tokens / (double)Math.Max(1, lines.Sum(l => l.Length));
    }

    public ExperimentReport Analyse(string outputDir, ExpansionReport expansion, int thaiVocab, IReadOnlyList<Arm> arms, Budget b)
    {
        var orig = arms[0];
        var exp = arms[1];
        var table = new ReportTable("Thai before and after expansion (mean ± half-range over seeds)",
            ["model", "Thai tokens / character", "Thai held-out nats / character (after pt)", "English→Thai chrF (after LoRA)", "BLEU"],
            arms.Select(a => (IReadOnlyList<string>)[a.Label, Cells.Num(a.TokensPerChar, "0.000"), Cells.MeanSpread(a.NatsPerChar, "", "0.000"),
                Cells.MeanSpread(a.Sft.Select(r => r.Chrf).ToList()), Cells.MeanSpread(a.Sft.Select(r => r.Bleu).ToList())]).ToList());
        var plots = new List<string>
        {
            ExperimentPlot.Bars(outputDir, "nats_per_char.png", "Thai held-out loss per character after continued pre-training", "nats / character", arms.Select(a => ExperimentPlot.Of(a.Label, a.NatsPerChar)).ToList()),
            ExperimentPlot.Bars(outputDir, "chrf.png", "English→Thai chrF after LoRA", "chrF", arms.Select(a => ExperimentPlot.Of(a.Label, a.Sft.Select(r => r.Chrf).ToList())).ToList()),
        };
        double fewer = orig.TokensPerChar - exp.TokensPerChar;
        return new ExperimentReport
        {
            Name = Name,
            Question = Question,
            Setup =
            [
                $"Step 1: Thai tokens per character of thai_text_heldout with the base tokenizer. Step 2: `tokenizer train` (metaspace BPE, vocab {thaiVocab}) on thai_text_sample, `tokenizer expand` of the base: {expansion.Count} tokens added (vocabulary {expansion.VocabSizeBefore} → {expansion.VocabSizeAfter})",
                $"Step 3: continued pre-training (full, lr 1e-3, 128-token blocks, {b.Steps} steps × batch {b.BatchSize}) on english_prose_demo + thai_text_sample, without and with the expansion (resize_vocab {expansion.VocabSizeAfter}: each new row starts as the mean of its base pieces' rows)",
                $"Step 4: LoRA (the quickstart recipe, {b.Steps} steps) on ui_en_th_train from each pre-trained model; chrF / BLEU on ui_en_th_test; {b.Seeds} seed(s) per arm",
                "Loss per character: the mean token loss on the held-out Thai × the tokens scored / the characters of the held-out text (comparable across tokenizers, unlike loss per token)",
            ],
            Tables = [table],
            Plots = plots,
            Verdicts =
            [
                Verdict.FromDifference("expansion lowers Thai tokens per character", fewer, 0, $"{Cells.Num(orig.TokensPerChar, "0.000")} → {Cells.Num(exp.TokensPerChar, "0.000")}: a deterministic count, any reduction supports it"),
                Verdict.Compare("expansion gives a lower Thai held-out loss per character after continued pre-training", exp.NatsPerChar, orig.NatsPerChar, claimHigher: false, unit: " nats"),
                Verdict.Compare("expansion gives better English→Thai translation after LoRA (chrF)", exp.Sft.Select(r => r.Chrf).ToList(), orig.Sft.Select(r => r.Chrf).ToList()),
            ],
            Caveats =
            [
                "The base model saw no Thai in pre-training; with the original vocabulary Thai splits into more tokens per character (the table), so the same token budget covers fewer Thai characters in that arm.",
                "New embedding rows are trained in full during pre-training (full fine-tuning); the LoRA step trains only LoRA on top.",
            ],
            Results = new
            {
                expansion = new { added = expansion.Count, vocab_before = expansion.VocabSizeBefore, vocab_after = expansion.VocabSizeAfter, thai_tokenizer_vocab = thaiVocab },
                arms = arms.Select(a => new { model = a.Label, tokens_per_char = a.TokensPerChar, nats_per_char = a.NatsPerChar, sft = a.Sft.Select(r => new { run = r.Id, chrf = r.Chrf, bleu = r.Bleu, eval_loss = r.Metrics.GetValueOrDefault("eval_loss") }) }),
            },
        };
    }
}
