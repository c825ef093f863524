using System.Diagnostics;
using System.Globalization;
using SharpTune.Core.Benchmarking;
using SharpTune.Text.Tokenization.Training;

namespace SharpTune.Benchmarks.Tokenization;

/// <summary>
/// Times our BPE trainer on Thai text at vocab 8000 against SentencePiece's spm_train (model_type=bpe) in the
/// same run, when /usr/bin/python3 has the sentencepiece module. Args: [FILE] [VOCAB] [REPEATS] [bpe|bpe-bytelevel].
/// </summary>
internal sealed class BpeTrainBenchmark : IBenchmark
{
    public string Name => "bpe-train";

    public string Description => "BPE trainer vs spm_train on Thai text (vocab 8000)";

    public int Run(string[] args)
    {
        string file = args.Length > 0 ? args[0] : SharedData.Find("thai_text.txt");
        int vocab = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8000;
        int repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var kind = BpeTrainerOptions.ParseModelKind(args.Length > 3 ? args[3] : "bpe");
        Console.WriteLine($"input {file} ({new FileInfo(file).Length / 1e6:F1} MB), {kind}, vocab {vocab}, {repeats} repeats, {Environment.ProcessorCount} cores");
        string outDir = Path.Combine(Path.GetTempPath(), "sharptune-bench-bpe");

        var ours = new List<double>();
        var spm = new List<double>();
        bool haveSpm = Exec("/usr/bin/python3", "-c \"import sentencepiece\"") == 0;
        if (!haveSpm) Console.WriteLine("sentencepiece not importable by /usr/bin/python3: timing ours only");
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            var result = BpeTrainer.TrainFiles([file], new BpeTrainerOptions { VocabSize = vocab, Kind = kind });
            BpeTrainer.Save(result, outDir);
            ours.Add(sw.Elapsed.TotalSeconds);
            Console.WriteLine($"  ours   run {r + 1}: {ours[^1]:F2} s ({result.Vocab.Count} tokens, {result.Merges.Count} merges, {result.DistinctWords} words)");
            if (!haveSpm) continue;
            sw.Restart();
            string script = "import sentencepiece as s; s.SentencePieceTrainer.train(input='" + file + "', model_prefix='"
                + Path.Combine(outDir, "spm") + "', model_type='bpe', vocab_size=" + vocab
                + ", byte_fallback=True, minloglevel=2, num_threads=" + Environment.ProcessorCount + ")";
            int rc = Exec("/usr/bin/python3", "-c \"" + script + "\"");
            spm.Add(sw.Elapsed.TotalSeconds);
            Console.WriteLine($"  spm    run {r + 1}: {spm[^1]:F2} s (exit {rc})");
        }

        double oursMedian = Stats.Median(ours);
        Console.WriteLine($"ours median: {oursMedian:F2} s");
        if (spm.Count > 0)
        {
            double spmMedian = Stats.Median(spm);
            Console.WriteLine($"spm_train median: {spmMedian:F2} s");
            Console.WriteLine($"ratio ours / spm_train: {oursMedian / spmMedian:F2} (target <= 1.5)");
        }

        return 0;
    }

    private static int Exec(string exe, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 && !arguments.Contains("import sentencepiece\"", StringComparison.Ordinal)) Console.Error.WriteLine(err);
        return p.ExitCode;
    }
}
