using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using SharpTune.Core.Evaluation;
using SharpTune.Text.Curation;
using SharpTune.Text.Curation.Scoring;

namespace SharpTune.Benchmarks.Curation;

/// <summary>
/// Data curation speed and memory. (1) Heuristic scoring of 100,000 real ui_en_es pairs held in memory, on every
/// core and on one (median of 3 each, alternating). (2) `data filter` end to end on a 1,000,000-pair JSONL made by
/// repeating the real pairs with fresh ids (written to a temporary folder, deleted after): wall time, records/s
/// and the process's peak RSS. Args: [PATH to ui_en_es.jsonl.gz] [RECORDS for (2), default 1000000].
/// </summary>
internal sealed class CurationBenchmark : IBenchmark
{
    public string Name => "curation";

    public string Description => "Heuristic pair scoring (target: >= 50,000 pairs/s on 2 cores) and 1M-pair filter peak RSS (target: < 1 GB).";

    public int Run(string[] args)
    {
        string path = args.Length > 0 ? args[0] : SharedData.Find("ui_en_es.jsonl.gz");
        int records = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var pairs = Read(path, 100_000);
        Console.WriteLine($"{pairs.Count:N0} pairs from {path}; {Environment.ProcessorCount} cores; AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}, AVX-512F {System.Runtime.Intrinsics.X86.Avx512F.IsSupported}");
        var context = new ScoringContext { FirstLanguage = "en", SecondLanguage = "es" };
        _ = LanguageIdentifier.Default;
        ScoreAll(pairs, context, parallel: true);                                    // warm-up (JIT, regex)
        var all = new List<double>();
        var one = new List<double>();
        var cpu = new List<double>();
        for (int i = 0; i < 3; i++)
        {
            all.Add(pairs.Count / Time(() => ScoreAll(pairs, context, parallel: true)));
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            one.Add(pairs.Count / Time(() => ScoreAll(pairs, context, parallel: false)));
            cpu.Add(pairs.Count / (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
        }
        all.Sort();
        one.Sort();
        cpu.Sort();
        // On a shared machine wall-clock rates measure the neighbours; pairs per CPU-second of the one-thread run is
        // what one core does when it is ours (the process's CPU time includes the runtime's own threads: a lower bound).
        Console.WriteLine(FormattableString.Invariant($"heuristic scoring: {all[1],10:N0} pairs/s on all cores, {one[1],10:N0} pairs/s on one (median of 3; ratio {all[1] / one[1]:F2})"));
        Console.WriteLine(FormattableString.Invariant($"one thread: {cpu[1],10:N0} pairs per CPU-second (median of 3); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));

        string dir = Directory.CreateTempSubdirectory("sharptune-curation-bench-").FullName;
        try
        {
            string input = Path.Combine(dir, "pairs.jsonl");
            using (var w = new StreamWriter(input))
                for (int i = 0; i < records; i++)
                {
                    var (en, es) = pairs[i % pairs.Count];
                    w.WriteLine(JsonSerializer.Serialize(new { id = i, en, es }));
                }
            var clock = Stopwatch.StartNew();
            var summary = CurationRunner.Run(new CurationOptions
            {
                Input = input,
                Output = Path.Combine(dir, "kept.jsonl"),
                ReportDir = Path.Combine(dir, "report"),
                KeepTop = 0.25,
            }, plotter: new ScoreHistogramPlot());
            double seconds = clock.Elapsed.TotalSeconds;
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(FormattableString.Invariant(
                $"filter {summary.Total:N0} pairs (3 passes, keep_top 0.25, report): {seconds:F1} s, {summary.Total / seconds:N0} records/s, kept {summary.Kept:N0}, peak RSS {self.PeakWorkingSet64 / 1e6:F0} MB"));
        }
        finally { Directory.Delete(dir, recursive: true); }
        return 0;
    }

    static void ScoreAll(List<(string En, string Es)> pairs, ScoringContext context, bool parallel)
    {
        var scorers = PairScorers.All;
        void One(int i)
        {
            var view = new SampleView(TextSide.Analyze(pairs[i].En), TextSide.Analyze(pairs[i].Es), context);
            double sum = 0;
            foreach (var s in scorers) sum += s.Compute(view) is var v && double.IsNaN(v) ? 0 : v;
            if (sum < -1) throw new InvalidOperationException("unreachable");
        }
        if (parallel) Parallel.For(0, pairs.Count, One);
        else for (int i = 0; i < pairs.Count; i++) One(i);
    }

    static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    static List<(string, string)> Read(string path, int limit)
    {
        var result = new List<(string, string)>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        for (string? line; result.Count < limit && (line = reader.ReadLine()) != null;)
        {
            using var doc = JsonDocument.Parse(line);
            result.Add((doc.RootElement.GetProperty("en").GetString()!, doc.RootElement.GetProperty("es").GetString()!));
        }
        return result;
    }
}
