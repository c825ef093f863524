using System.Globalization;
using System.Text;

namespace SharpTune.Text.Tokenization;

/// <summary>
/// How many tokens a tokenizer spends on a text: per character (code point), per whitespace-separated word and per
/// line, plus the share of byte-fallback (`&lt;0xNN&gt;`) and unknown tokens. Lower fertility = better coverage.
/// </summary>
public sealed record FertilityReport(
    string Tokenizer,
    long Lines,
    long Words,
    long Characters,
    long Tokens,
    long ByteFallbackTokens,
    long UnknownTokens)
{
    public double TokensPerCharacter => Characters == 0 ? 0 : (double)Tokens / Characters;
    public double TokensPerWord => Words == 0 ? 0 : (double)Tokens / Words;
    public double TokensPerLine => Lines == 0 ? 0 : (double)Tokens / Lines;
    public double ByteFallbackPercent => Tokens == 0 ? 0 : 100.0 * ByteFallbackTokens / Tokens;
    public double UnknownPercent => Tokens == 0 ? 0 : 100.0 * UnknownTokens / Tokens;

    /// <summary>Encodes every non-empty line of <paramref name="lines"/> (no special tokens) and counts.</summary>
    public static FertilityReport Measure(Tokenizer tokenizer, IReadOnlyList<string> lines, string name)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(lines);
        var nonEmpty = lines.Where(l => l.Length > 0).ToList();
        var encoded = tokenizer.EncodeBatch(nonEmpty, addSpecialTokens: false);
        var byteIds = new HashSet<int>();
        for (int b = 0; b < 256; b++)
        {
            if (tokenizer.TokenToId($"<0x{b:X2}>") is int id) byteIds.Add(id);
        }
        int unk = tokenizer.UnkId ?? -1;
        long words = 0, chars = 0, tokens = 0, bytes = 0, unknown = 0;
        for (int i = 0; i < nonEmpty.Count; i++)
        {
            words += nonEmpty[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            chars += nonEmpty[i].EnumerateRunes().Count();
            tokens += encoded[i].Length;
            foreach (var id in encoded[i])
            {
                if (byteIds.Contains(id)) bytes++;
                if (id == unk) unknown++;
            }
        }
        return new FertilityReport(name, nonEmpty.Count, words, chars, tokens, bytes, unknown);
    }

    /// <summary>Reads a UTF-8 text file and measures it line by line.</summary>
    public static FertilityReport MeasureFile(Tokenizer tokenizer, string path, string name) =>
        Measure(tokenizer, File.ReadAllLines(path), name);

    /// <summary>A human-readable table row block.</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Tokenizer}: {Tokens:N0} tokens for {Characters:N0} characters, {Words:N0} words, {Lines:N0} lines");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  tokens/char {TokensPerCharacter:F3}   tokens/word {TokensPerWord:F3}   tokens/line {TokensPerLine:F2}");
        sb.Append(CultureInfo.InvariantCulture, $"  byte-fallback {ByteFallbackPercent:F2}%   unknown {UnknownPercent:F2}%");
        return sb.ToString();
    }
}
