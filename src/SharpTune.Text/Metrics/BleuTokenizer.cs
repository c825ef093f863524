using System.Text;

namespace SharpTune.Text.Metrics;

/// <summary>
/// The sacreBLEU tokenizers by name: <c>13a</c> (default), <c>intl</c>, <c>zh</c>, <c>char</c>, <c>none</c>.
/// Each returns the tokenized line as sacreBLEU does (tokens separated by spaces; BLEU then splits on whitespace).
/// </summary>
public static class BleuTokenizer
{
    /// <summary>The default tokenizer name.</summary>
    public const string Default = "13a";

    /// <summary>Every supported tokenizer name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["13a", "intl", "zh", "char", "none"];

    /// <summary>Tokenizes one line with the named tokenizer.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static string Tokenize(string line, string name)
    {
        ArgumentNullException.ThrowIfNull(line);
        return Resolve(name)(line);
    }

    /// <summary>The tokenizer function for a name; throws a clear error for unknown names.</summary>
    public static Func<string, string> Resolve(string name) => name switch
    {
        "13a" => Tokenizer13a.Tokenize,
        "intl" => TokenizerIntl.Tokenize,
        "zh" => TokenizerZh.Tokenize,
        "char" => TokenizeChars,
        "none" => static s => s,
        _ => throw new ArgumentException(
            $"Unknown BLEU tokenizer '{name}'; expected one of: {string.Join(", ", Names)}."),
    };

    /// <summary>sacreBLEU's <c>char</c> tokenizer: <c>" ".join(line)</c> over code points.</summary>
    private static string TokenizeChars(string line)
    {
        var sb = new StringBuilder(line.Length * 2);
        for (int i = 0; i < line.Length; i++)
        {
            if (i > 0) sb.Append(' ');
            sb.Append(line[i]);
            if (char.IsHighSurrogate(line[i]) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]))
            {
                sb.Append(line[i + 1]);
                i++;
            }
        }
        return sb.ToString();
    }
}
