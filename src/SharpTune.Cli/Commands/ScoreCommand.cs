using System.CommandLine;
using SharpTune.Text.Metrics;

namespace SharpTune.Cli.Commands;

/// <summary>
/// `sharptune score --metric bleu|chrf|chrf++|rouge|bleu-4-lf|rouge-lf --hyp FILE --ref FILE [--ref FILE2 …]`:
/// parses the arguments and hands them to <see cref="MetricRunner"/> (no torch involved).
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var metric = new Option<string>("--metric")
        {
            Description = "Metric: " + string.Join(", ", MetricRunner.Metrics) + ".",
            Required = true,
        };
        metric.AcceptOnlyFromAmong([.. MetricRunner.Metrics]);
        var hyp = new Option<string>("--hyp") { Description = "Hypothesis (system output) file, one segment per line.", Required = true };
        var refs = new Option<string[]>("--ref")
        {
            Description = "Reference file, parallel to --hyp; repeat for several references.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var tokenize = new Option<string?>("--tokenize")
        {
            Description = "BLEU tokenizer: 13a (default), intl, zh, char, none. ROUGE: default or char.",
        };
        var lowercase = new Option<bool>("--lowercase") { Description = "Lowercase before scoring (BLEU, chrF)." };
        var sentence = new Option<bool>("--sentence") { Description = "Also report a score for every line." };
        var stem = new Option<bool>("--stem") { Description = "ROUGE: Porter-stem tokens (rouge-score use_stemmer=True)." };
        var json = CliCommon.JsonOption();

        var cmd = new Command("score", "Score system output against references (sacreBLEU BLEU / chrF, rouge-score ROUGE, LLaMA-Factory metrics).");
        foreach (var option in new Option[] { metric, hyp, refs, tokenize, lowercase, sentence, stem, json })
        {
            cmd.Options.Add(option);
        }
        cmd.SetAction(parseResult =>
        {
            var result = MetricRunner.Run(new ScoreRequest
            {
                Metric = parseResult.GetValue(metric)!,
                HypothesisPath = parseResult.GetValue(hyp)!,
                ReferencePaths = parseResult.GetValue(refs) ?? [],
                Tokenize = parseResult.GetValue(tokenize),
                Lowercase = parseResult.GetValue(lowercase),
                Sentence = parseResult.GetValue(sentence),
                Stem = parseResult.GetValue(stem),
            });
            if (parseResult.GetValue(json))
            {
                CliCommon.WriteJson(result);
            }
            else
            {
                Console.Out.WriteLine(result.Format());
            }
            return 0;
        });
        return cmd;
    }
}
