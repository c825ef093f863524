using System.Runtime.InteropServices;

namespace SharpTune.Text.Metrics;

/// <summary>
/// NLTK's <c>sentence_bleu(references, hypothesis, weights, smoothing_function=SmoothingFunction().method3)</c> on
/// integer token sequences: clipped n-gram precision with denominator max(1, count), closest reference length
/// (shorter on ties), BP = 1 when hyp is longer, 0 when empty; 0 when no unigram matches; method3 (NIST geometric)
/// smoothing replaces a zero precision by 1 / (2^k · denominator).
/// </summary>
internal static class NltkSentenceBleu
{
    public static double Score(IReadOnlyList<int[]> references, int[] hypothesis, int maxOrder = 4)
    {
        var table = new NGramTable();
        var hypIds = new List<int>();
        var refIds = new List<int>();
        table.Extract(hypothesis, maxOrder, hypIds);
        var numerators = new long[maxOrder];
        var denominators = new long[maxOrder];

        foreach (var reference in references)
        {
            refIds.Clear();
            table.Extract(reference, maxOrder, refIds);
            table.AccumulateReferenceMax(refIds);
        }
        table.ClipAgainstReferenceMax(hypIds, numerators, denominators);
        for (int n = 0; n < maxOrder; n++) denominators[n] = Math.Max(1, denominators[n]);

        int hypLen = hypothesis.Length;
        int refLen = references.Select(r => r.Length)
            .OrderBy(l => Math.Abs(l - hypLen)).ThenBy(l => l).DefaultIfEmpty(0).First();
        double bp = hypLen > refLen ? 1.0 : hypLen == 0 ? 0.0 : Math.Exp(1 - (double)refLen / hypLen);
        if (numerators[0] == 0) return 0;

        double weight = 1.0 / maxOrder;
        double sum = 0;
        int k = 1;
        for (int n = 0; n < maxOrder; n++)
        {
            double p;
            if (numerators[n] == 0)
            {
                p = 1.0 / (Math.Pow(2, k) * denominators[n]);
                k++;
            }
            else
            {
                p = (double)numerators[n] / denominators[n];
            }
            if (p > 0) sum += weight * Math.Log(p);
        }
        return bp * Math.Exp(sum);
    }

    /// <summary>Python's <c>list(text)</c>: the code points, whitespace included.</summary>
    public static int[] Characters(string text)
    {
        var list = new List<int>(text.Length);
        PyText.AppendCodePoints(text, list);
        return CollectionsMarshal.AsSpan(list).ToArray();
    }
}
