using System.Globalization;
using System.Text;
using SharpTune.Text.IO;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>
/// Trains a BPE tokenizer (metaspace / SentencePiece-style or GPT-2 byte-level) from text files and writes a
/// Hugging Face <c>tokenizer.json</c> + <c>tokenizer_config.json</c> that the Rust tokenizers library loads.
/// </summary>
public static class BpeTrainer
{
    /// <summary>Trains on the lines of the given UTF-8 files (a missing file is an error naming it).</summary>
    public static BpeTrainingResult TrainFiles(IReadOnlyList<string> files, BpeTrainerOptions options, IProgress<BpeTrainProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("No input files given.");
        var lines = new List<string>();
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"Training file not found: {file}", file);
            lines.AddRange(File.ReadLines(file, System.Text.Encoding.UTF8));
        }

        return Train(lines, options, progress);
    }

    /// <summary>Trains on lines of text (each line is one sequence, without its newline); reports progress when asked.</summary>
    public static BpeTrainingResult Train(IReadOnlyList<string> lines, BpeTrainerOptions options, IProgress<BpeTrainProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int threads = options.Threads ?? Environment.ProcessorCount;
        progress?.Report(new BpeTrainProgress("counting words", 0, lines.Count));
        var (words, counts) = WordCounter.Count(lines, options.Kind, threads);
        progress?.Report(new BpeTrainProgress("counting words", lines.Count, lines.Count));
        if (words.Length == 0) throw new ArgumentException("The training text is empty.");

        var specials = options.EffectiveSpecialTokens;
        var idToToken = new List<string>(options.VocabSize);
        var tokenToId = new Dictionary<string, int>(StringComparer.Ordinal);
        void AddToken(string token)
        {
            if (tokenToId.TryAdd(token, idToToken.Count)) idToToken.Add(token);
        }

        foreach (var s in specials) AddToken(s);
        if (options.Kind == BpeModelKind.Metaspace && options.ByteFallback)
        {
            for (int b = 0; b < 256; b++) AddToken(ByteToken(b));
        }

        foreach (var c in Alphabet(words, counts, options)) AddToken(c);
        var merges = new BpeMergeLoop(idToToken, tokenToId).Run(words, counts, options.VocabSize, options.MinFrequency, progress);
        return new BpeTrainingResult(
            options.Kind,
            idToToken,
            [.. merges.Select(m => (idToToken[m.Left], idToToken[m.Right]))],
            specials,
            options,
            words.Length);
    }

    /// <summary>Writes tokenizer.json and tokenizer_config.json into <paramref name="outputDir"/> (created; each file atomically).</summary>
    public static void Save(BpeTrainingResult result, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(outputDir);
        AtomicFile.WriteAllText(Path.Combine(outputDir, "tokenizer.json"), TokenizerJsonWriter.TokenizerJson(result));
        AtomicFile.WriteAllText(Path.Combine(outputDir, "tokenizer_config.json"), TokenizerJsonWriter.TokenizerConfigJson(result));
    }

    /// <summary>The byte-fallback token of byte b: <c>&lt;0x0A&gt;</c>.</summary>
    public static string ByteToken(int b) => "<0x" + b.ToString("X2", CultureInfo.InvariantCulture) + ">";

    /// <summary>
    /// The initial alphabet sorted by code point: all 256 byte characters for byte-level; otherwise the characters
    /// seen, limited to the <c>limit_alphabet</c> most frequent (ties: lower code point).
    /// </summary>
    private static IEnumerable<string> Alphabet(string[] words, int[] counts, BpeTrainerOptions options)
    {
        if (options.Kind == BpeModelKind.ByteLevel)
        {
            return ByteLevelAlphabet.ByteToChar.Order().Select(c => c.ToString());
        }

        var frequency = new Dictionary<int, long>();
        for (int w = 0; w < words.Length; w++)
        {
            foreach (var rune in words[w].EnumerateRunes())
            {
                frequency[rune.Value] = frequency.GetValueOrDefault(rune.Value) + counts[w];
            }
        }

        IEnumerable<int> kept = frequency.Keys;
        if (options.LimitAlphabet is int limit && frequency.Count > limit)
        {
            kept = frequency.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(limit).Select(kv => kv.Key);
        }

        return kept.Order().Select(cp => new Rune(cp).ToString());
    }
}
