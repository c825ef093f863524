using System.Globalization;

namespace SharpTune.Text.Metrics;

/// <summary>
/// BLEU compatible with sacreBLEU 2.x (<c>sacrebleu.metrics.BLEU</c>): corpus and sentence level, multiple
/// references, its tokenizers, smoothing methods, effective order, statistics and signature.
/// </summary>
public static class Bleu
{
    /// <summary>The sacreBLEU version whose behaviour (and signature) this reproduces.</summary>
    public const string SacreBleuVersion = "2.6.0";

    /// <summary>
    /// Corpus BLEU. <paramref name="referenceStreams"/> is sacreBLEU's shape: a list of reference streams, each
    /// parallel to <paramref name="hypotheses"/>; a null entry means "no reference here" (variable references).
    /// </summary>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> referenceStreams,
        BleuOptions? options = null)
    {
        options ??= BleuOptions.Corpus;
        int nrefs = MetricInputs.CheckStreams(hypotheses, referenceStreams);
        var stats = new BleuStatistics(options);
        var segment = new long[2 + 2 * options.MaxNgramOrder];
        var refs = new List<string>(referenceStreams.Count);
        for (int i = 0; i < hypotheses.Count; i++)
        {
            MetricInputs.Gather(referenceStreams, i, refs);
            stats.Add(hypotheses[i], refs, segment);
        }
        return FromTotals(stats.Totals, options) with { Signature = Signature(options, nrefs) };
    }

    /// <summary>Sentence BLEU against one or more references (default options: effective order on).</summary>
    public static BleuScore Sentence(string hypothesis, IReadOnlyList<string> references, BleuOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(references);
        options ??= BleuOptions.Sentence;
        var stats = new BleuStatistics(options);
        var segment = new long[2 + 2 * options.MaxNgramOrder];
        stats.Add(hypothesis, references, segment);
        return FromTotals(stats.Totals, options) with { Signature = Signature(options, references.Count) };
    }

    /// <summary>sacreBLEU's signature, e.g. <c>nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0</c>; nrefs -1 = var.</summary>
    public static string Signature(BleuOptions options, int nrefs)
    {
        ArgumentNullException.ThrowIfNull(options);
        string smooth = options.SmoothMethod;
        var def = BleuOptions.DefaultSmoothValue(smooth);
        if (def is not null)
        {
            smooth += "[" + (options.SmoothValue ?? def.Value).ToString("F2", CultureInfo.InvariantCulture) + "]";
        }
        string refs = nrefs < 0 ? "var" : nrefs.ToString(CultureInfo.InvariantCulture);
        return $"nrefs:{refs}|case:{(options.Lowercase ? "lc" : "mixed")}|eff:{(options.EffectiveOrder ? "yes" : "no")}"
            + $"|tok:{options.Tokenize}|smooth:{smooth}|version:{SacreBleuVersion}";
    }

    private static BleuScore FromTotals(long[] totals, BleuOptions options)
    {
        int order = options.MaxNgramOrder;
        var correct = new double[order];
        var total = new double[order];
        for (int n = 0; n < order; n++)
        {
            correct[n] = totals[2 + n];
            total[n] = totals[2 + order + n];
        }
        return FromStatistics(correct, total, totals[0], totals[1], options.SmoothMethod, options.SmoothValue,
            options.EffectiveOrder, order);
    }

    /// <summary>
    /// sacreBLEU's <c>BLEU.compute_bleu</c> from sufficient statistics. Like sacreBLEU, add-k smoothing adds its
    /// value to the counts and totals of orders ≥ 2 (visible in the returned score). Inputs are not modified.
    /// </summary>
    public static BleuScore FromStatistics(IReadOnlyList<double> correct, IReadOnlyList<double> total, long sysLen,
        long refLen, string smoothMethod = "none", double? smoothValue = null, bool effectiveOrder = false,
        int maxNgramOrder = 4)
    {
        ArgumentNullException.ThrowIfNull(correct);
        ArgumentNullException.ThrowIfNull(total);
        double smooth = smoothValue ?? BleuOptions.DefaultSmoothValue(smoothMethod) ?? 0;
        var counts = correct.Take(maxNgramOrder).ToArray();
        var totals = total.Take(maxNgramOrder).ToArray();
        if (counts.Length < maxNgramOrder || totals.Length < maxNgramOrder)
        {
            throw new ArgumentException($"Expected {maxNgramOrder} counts and totals, got {counts.Length} and {totals.Length}.");
        }

        double bp = 1.0;
        if (sysLen < refLen) bp = sysLen > 0 ? Math.Exp(1 - (double)refLen / sysLen) : 0.0;
        var precisions = new double[maxNgramOrder];
        var result = new BleuScore
        {
            Score = 0, Counts = counts, Totals = totals, Precisions = precisions, Bp = bp, SysLen = sysLen, RefLen = refLen,
        };
        if (counts.All(c => c == 0)) return result;

        double smoothMteval = 1.0;
        int effOrder = maxNgramOrder;
        for (int n = 1; n <= maxNgramOrder; n++)
        {
            if (smoothMethod == "add-k" && n > 1)
            {
                counts[n - 1] += smooth;
                totals[n - 1] += smooth;
            }
            if (totals[n - 1] == 0) break;
            if (effectiveOrder) effOrder = n;
            if (counts[n - 1] == 0)
            {
                if (smoothMethod == "exp")
                {
                    smoothMteval *= 2;
                    precisions[n - 1] = 100.0 / (smoothMteval * totals[n - 1]);
                }
                else if (smoothMethod == "floor")
                {
                    precisions[n - 1] = 100.0 * smooth / totals[n - 1];
                }
            }
            else
            {
                precisions[n - 1] = 100.0 * counts[n - 1] / totals[n - 1];
            }
        }
        double sum = 0;
        for (int i = 0; i < effOrder; i++) sum += MyLog(precisions[i]);
        return result with { Score = bp * Math.Exp(sum / effOrder) };
    }

    /// <summary>sacreBLEU's <c>my_log</c>: log, with log(0) = -9999999999.</summary>
    private static double MyLog(double x) => x == 0 ? -9999999999 : Math.Log(x);
}
