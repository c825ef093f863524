using System.Globalization;

namespace SharpTune.Text.Metrics;

/// <summary>
/// chrF (Popović 2015) and chrF++ (Popović 2017) compatible with sacreBLEU 2.x (<c>sacrebleu.metrics.CHRF</c>):
/// corpus and sentence level, multiple references (best reference per segment), effective-order default.
/// </summary>
public static class Chrf
{
    /// <summary>Corpus chrF; <paramref name="referenceStreams"/> as in <see cref="Bleu.Corpus"/>.</summary>
    public static ChrfScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string?>> referenceStreams,
        ChrfOptions? options = null)
    {
        options ??= new ChrfOptions();
        int nrefs = MetricInputs.CheckStreams(hypotheses, referenceStreams);
        var stats = new ChrfStatistics(options);
        var refs = new List<string>(referenceStreams.Count);
        for (int i = 0; i < hypotheses.Count; i++)
        {
            MetricInputs.Gather(referenceStreams, i, refs);
            stats.Add(hypotheses[i], refs);
        }
        return Result(stats.Totals, options, nrefs);
    }

    /// <summary>Sentence chrF against one or more references.</summary>
    public static ChrfScore Sentence(string hypothesis, IReadOnlyList<string> references, ChrfOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentNullException.ThrowIfNull(references);
        options ??= new ChrfOptions();
        var stats = new ChrfStatistics(options);
        stats.Add(hypothesis, references);
        return Result(stats.Totals, options, references.Count);
    }

    /// <summary>sacreBLEU's chrF signature, e.g. <c>nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0</c>.</summary>
    public static string Signature(ChrfOptions options, int nrefs)
    {
        ArgumentNullException.ThrowIfNull(options);
        string refs = nrefs < 0 ? "var" : nrefs.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"nrefs:{refs}|case:{(options.Lowercase ? "lc" : "mixed")}|eff:{(options.EpsSmoothing ? "no" : "yes")}"
            + $"|nc:{options.CharOrder}|nw:{options.WordOrder}|space:{(options.Whitespace ? "yes" : "no")}"
            + $"|version:{Bleu.SacreBleuVersion}");
    }

    /// <summary>
    /// sacreBLEU's <c>_compute_f_score</c> over [hyp, ref, match] triplets: with eps smoothing the mean of the
    /// per-order F-β (ε = 1e-16 for empty orders); otherwise F-β of the precision and recall averaged over the
    /// orders where both hypothesis and reference have n-grams.
    /// </summary>
    public static double FScore(IReadOnlyList<long> statistics, int beta, bool epsSmoothing)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        const double eps = 1e-16;
        int order = statistics.Count / 3;
        double factor = (double)beta * beta;
        double score = 0, avgPrec = 0, avgRec = 0;
        int effectiveOrder = 0;
        for (int i = 0; i < order; i++)
        {
            long nHyp = statistics[3 * i], nRef = statistics[3 * i + 1], nMatch = statistics[3 * i + 2];
            double prec = nHyp > 0 ? (double)nMatch / nHyp : eps;
            double rec = nRef > 0 ? (double)nMatch / nRef : eps;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
            if (nHyp > 0 && nRef > 0)
            {
                avgPrec += prec;
                avgRec += rec;
                effectiveOrder++;
            }
        }
        if (epsSmoothing) return 100 * score / order;
        if (effectiveOrder == 0)
        {
            avgPrec = avgRec = 0;
        }
        else
        {
            avgPrec /= effectiveOrder;
            avgRec /= effectiveOrder;
        }
        if (avgPrec + avgRec == 0) return 0.0;
        return 100 * ((1 + factor) * avgPrec * avgRec / (factor * avgPrec + avgRec));
    }

    private static ChrfScore Result(long[] totals, ChrfOptions options, int nrefs) => new()
    {
        Score = FScore(totals, options.Beta, options.EpsSmoothing),
        Name = $"chrF{options.Beta}" + new string('+', options.WordOrder),
        Statistics = totals,
        Signature = Signature(options, nrefs),
    };
}
