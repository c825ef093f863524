using System.Text;
using System.Text.RegularExpressions;

namespace SharpTune.Text.Metrics;

/// <summary>
/// The <c>rouge_chinese</c> package's <c>Rouge().get_scores(hyp, ref)</c> as LLaMA-Factory calls it, for
/// already-segmented, space-joined text. rouge_chinese is pltrdy/rouge with Chinese-aware sentence cutting:
/// sentences end after 。！？? (and "……", "......"), each sentence is whitespace-normalised and split on " ".
/// ROUGE-N counts DISTINCT n-grams (pltrdy's default <c>exclusive=True</c>) over the flattened words;
/// ROUGE-L is pltrdy's summary-level union LCS over sets of words. F = 2PR / (P + R + 1e-8).
/// </summary>
internal static partial class LlamaFactoryRouge
{
    [GeneratedRegex("([。！？?])([^”’])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"(\.{6})([^”’])")]
    private static partial Regex SixDots();

    [GeneratedRegex("(…{2})([^”’])")]
    private static partial Regex Ellipsis();

    [GeneratedRegex("([。！？?][”’])([^，。！？?])")]
    private static partial Regex QuotedEnd();

    /// <summary>rouge_chinese's sentence cutting followed by pltrdy's <c>" ".join(s.split())</c> and empty filter.</summary>
    public static List<List<string>> Sentences(string text)
    {
        text = SentenceEnd().Replace(text, "$1\n$2");
        text = SixDots().Replace(text, "$1\n$2");
        text = Ellipsis().Replace(text, "$1\n$2");
        text = QuotedEnd().Replace(text, "$1\n$2");
        text = PyText.RStrip(text);
        return text.Split('\n').Where(s => s.Length > 0)
            .Select(s => PyText.NormalizeSpaces(s).Split(' ').ToList()).ToList();
    }

    /// <summary>F of ROUGE-N with distinct n-grams.</summary>
    public static double RougeN(List<List<string>> hyp, List<List<string>> reference, int n)
    {
        var h = NgramSet(hyp, n);
        var r = NgramSet(reference, n);
        int overlap = h.Count(r.Contains);
        double p = h.Count == 0 ? 0 : (double)overlap / h.Count;
        double rec = r.Count == 0 ? 0 : (double)overlap / r.Count;
        return F(p, rec);
    }

    /// <summary>F of pltrdy's <c>rouge_l_summary_level</c> with word sets.</summary>
    public static double RougeL(List<List<string>> hyp, List<List<string>> reference)
    {
        int m = reference.SelectMany(s => s).Distinct(StringComparer.Ordinal).Count();
        int n = hyp.SelectMany(s => s).Distinct(StringComparer.Ordinal).Count();
        var union = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in reference)
        {
            foreach (var c in hyp) union.UnionWith(ReconstructLcs(r, c));
        }
        double p = (double)union.Count / n, rec = (double)union.Count / m;
        return F(p, rec);
    }

    private static double F(double p, double r) => 2.0 * (p * r / (p + r + 1e-8));

    private static HashSet<string> NgramSet(List<List<string>> sentences, int n)
    {
        var words = sentences.SelectMany(s => s).ToList();
        var set = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        for (int i = 0; i + n <= words.Count; i++)
        {
            sb.Clear();
            for (int k = 0; k < n; k++) sb.Append(words[i + k]).Append('\u0001');
            set.Add(sb.ToString());
        }
        return set;
    }

    /// <summary>pltrdy's <c>_recon_lcs(x, y)</c>: the words of x in one LCS; on a tie it moves back in y.</summary>
    private static IEnumerable<string> ReconstructLcs(List<string> x, List<string> y) =>
        Lcs.ReferenceIndices(x, y, upOnTie: false).Select(i => x[i]);
}
