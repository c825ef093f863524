using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using SharpTune.Text.Metrics;

namespace SharpTune.Benchmarks.Metrics;

/// <summary>
/// Corpus BLEU (13a) and chrF on 100k real sentence pairs: the Spanish side of ui_en_es.jsonl.gz against a
/// deterministically perturbed copy (word swaps, drops, character edits). Prints the median of 3 runs per metric.
/// Args: [PATH to ui_en_es.jsonl.gz] [PAIRS, default 100000].
/// </summary>
internal sealed class CorpusMetricsBenchmark : IBenchmark
{
    public string Name => "corpus-metrics";

    public string Description => "Corpus BLEU + chrF on 100k ui_en_es pairs (target: < 10 s together).";

    public int Run(string[] args)
    {
        string path = args.Length > 0 ? args[0] : SharedData.Find("ui_en_es.jsonl.gz");
        int pairs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var references = ReadSpanish(path, pairs);
        var hypotheses = Perturb(references, new Random(42));
        Console.WriteLine($"{references.Count} pairs from {path}");

        double bleu = Median(() => Bleu.Corpus(hypotheses, [references]).Score, out double bleuScore);
        double chrf = Median(() => Chrf.Corpus(hypotheses, [references]).Score, out double chrfScore);
        double chrfpp = Median(() => Chrf.Corpus(hypotheses, [references], ChrfOptions.ChrfPlusPlus).Score, out double chrfppScore);
        Console.WriteLine(FormattableString.Invariant($"BLEU    {bleuScore,8:F2}  {bleu,7:F2} s"));
        Console.WriteLine(FormattableString.Invariant($"chrF    {chrfScore,8:F2}  {chrf,7:F2} s"));
        Console.WriteLine(FormattableString.Invariant($"chrF++  {chrfppScore,8:F2}  {chrfpp,7:F2} s"));
        Console.WriteLine(FormattableString.Invariant($"BLEU + chrF: {bleu + chrf:F2} s (median of 3 each)"));
        return 0;
    }

    private static double Median(Func<double> run, out double score)
    {
        var times = new List<double>();
        score = 0;
        for (int i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            score = run();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        return times[1];
    }

    private static List<string> ReadSpanish(string path, int max)
    {
        var lines = new List<string>(max);
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        while (lines.Count < max && reader.ReadLine() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.TryGetProperty("es", out var es) && es.GetString() is { Length: > 0 } text) lines.Add(text);
        }
        return lines;
    }

    private static List<string> Perturb(List<string> lines, Random random)
    {
        var result = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            var words = line.Split(' ').ToList();
            switch (random.Next(4))
            {
                case 0 when words.Count > 1:
                    int i = random.Next(words.Count - 1);
                    (words[i], words[i + 1]) = (words[i + 1], words[i]);
                    break;
                case 1 when words.Count > 2:
                    words.RemoveAt(random.Next(words.Count));
                    break;
                case 2:
                    int w = random.Next(words.Count);
                    if (words[w].Length > 1) words[w] = words[w][1..] + words[w][0];
                    break;
            }
            result.Add(string.Join(' ', words));
        }
        return result;
    }
}
