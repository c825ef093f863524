using System.Diagnostics;
using System.IO.Compression;
using SharpTune.Core.Benchmarking;
using SharpTune.Text.Tokenization;
using RustTokenizer = Tokenizers.DotNet.Tokenizer;

namespace SharpTune.Benchmarks.Tokenization;

/// <summary>
/// Encoding speed of SharpTune's tokenizer vs the Rust `tokenizers` library (Tokenizers.DotNet 1.4.1) on ~10 MB
/// of mixed English / Thai / Chinese lines, one line at a time (single) and in parallel (batch). The two run
/// alternately in one process; medians and the ratio rust/ours (&gt; 1: SharpTune faster) are printed, for warm
/// word caches (after one untimed pass) and for freshly loaded tokenizers (cold caches).
/// Args: [--tokenizer DIR] [--data DIR] [--mb 10] [--rounds 5]
/// </summary>
internal sealed class EncodeBenchmark : IBenchmark
{
    public string Name => "tokenizer-encode";

    public string Description => "Tokenizer encode speed vs Rust tokenizers (single + batch, medians, ratio).";

    public int Run(string[] args)
    {
        string tokDir = PeerConfigs.Arg(args, "--tokenizer", "tests/Fixtures/tokenizers/qwen3");
        string dataDir = PeerConfigs.Arg(args, "--data", "../shared/data");
        double mb = double.Parse(PeerConfigs.Arg(args, "--mb", "10"), System.Globalization.CultureInfo.InvariantCulture);
        int rounds = int.Parse(PeerConfigs.Arg(args, "--rounds", "5"), System.Globalization.CultureInfo.InvariantCulture);

        var lines = LoadMixedLines(dataDir, (long)(mb * 1_000_000));
        long bytes = lines.Sum(l => (long)System.Text.Encoding.UTF8.GetByteCount(l));
        Console.WriteLine($"tokenizer {tokDir}: {lines.Count:N0} lines, {bytes / 1e6:F1} MB UTF-8, {rounds} rounds, {Environment.ProcessorCount} cores");

        var ours = Tokenizer.Load(tokDir);
        using var rust = new RustTokenizer(PlainJson(tokDir));
        int mismatches = lines.Count(l => !ours.EncodeToIds(l).SequenceEqual(rust.Encode(l).Select(x => (int)x)));
        Console.WriteLine($"id mismatches vs rust: {mismatches}");

        var modes = new (string Name, Func<long> Run)[]
        {
            ("ours single", () => lines.Sum(l => (long)ours.Encode(l).Count)),
            ("rust single", () => lines.Sum(l => (long)rust.Encode(l).Length)),
            ("ours batch", () => ours.EncodeBatch(lines).Sum(x => (long)x.Length)),
            ("rust batch", () => RustBatch(rust, lines)),
        };
        var times = modes.ToDictionary(m => m.Name, _ => new List<double>());
        long tokens = 0;
        for (int r = -1; r < rounds; r++)
        {
            foreach (var (name, run) in modes)
            {
                var sw = Stopwatch.StartNew();
                tokens = run();
                if (r >= 0) times[name].Add(sw.Elapsed.TotalSeconds);
            }
        }
        foreach (var (name, _) in modes)
        {
            double med = Stats.Median(times[name]);
            Console.WriteLine($"{name,-12} median {med:F3} s  {bytes / 1e6 / med,7:F2} MB/s  ({tokens:N0} tokens)");
        }
        Console.WriteLine($"ratio single (rust/ours): {Stats.Median(times["rust single"]) / Stats.Median(times["ours single"]):F2}x");
        Console.WriteLine($"ratio batch  (rust/ours): {Stats.Median(times["rust batch"]) / Stats.Median(times["ours batch"]):F2}x");

        // Cold caches: a freshly loaded tokenizer on each side (loading not timed), one single-string pass.
        var cold = new Dictionary<string, List<double>> { ["ours"] = [], ["rust"] = [] };
        for (int r = 0; r < Math.Max(1, rounds / 2); r++)
        {
            var fresh = Tokenizer.Load(tokDir);
            var sw = Stopwatch.StartNew();
            foreach (var l in lines) fresh.Encode(l);
            cold["ours"].Add(sw.Elapsed.TotalSeconds);
            using var freshRust = new RustTokenizer(PlainJson(tokDir));
            sw.Restart();
            foreach (var l in lines) freshRust.Encode(l);
            cold["rust"].Add(sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"cold single: ours {Stats.Median(cold["ours"]):F3} s, rust {Stats.Median(cold["rust"]):F3} s, ratio (rust/ours) {Stats.Median(cold["rust"]) / Stats.Median(cold["ours"]):F2}x");
        return mismatches == 0 ? 0 : 1;
    }

    private static long RustBatch(RustTokenizer rust, List<string> lines)
    {
        var counts = new int[lines.Count];
        Parallel.For(0, lines.Count, i => counts[i] = rust.Encode(lines[i]).Length);
        return counts.Sum(x => (long)x);
    }

    private static List<string> LoadMixedLines(string dataDir, long budgetBytes)
    {
        var sources = new[] { "english_prose.txt", "thai_text.txt", "chinese_text.txt" }
            .Select(f => File.ReadLines(Path.Combine(dataDir, f)).Where(l => l.Length > 0).GetEnumerator()).ToList();
        var lines = new List<string>();
        long used = 0;
        while (used < budgetBytes && sources.Count > 0)
        {
            for (int i = sources.Count - 1; i >= 0; i--)
            {
                if (!sources[i].MoveNext())
                {
                    sources.RemoveAt(i);
                    continue;
                }
                lines.Add(sources[i].Current);
                used += System.Text.Encoding.UTF8.GetByteCount(sources[i].Current);
            }
        }
        return lines;
    }

    private static string PlainJson(string dir)
    {
        var plain = Path.Combine(dir, "tokenizer.json");
        if (File.Exists(plain)) return plain;
        var temp = Path.Combine(Path.GetTempPath(), "sharptune-bench-" + Path.GetFileName(Path.GetFullPath(dir)) + ".json");
        using (var gz = new GZipStream(File.OpenRead(plain + ".gz"), CompressionMode.Decompress))
        using (var fs = File.Create(temp)) gz.CopyTo(fs);
        return temp;
    }
}
