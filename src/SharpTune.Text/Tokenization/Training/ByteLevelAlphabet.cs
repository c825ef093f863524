using System.Text;
using System.Text.RegularExpressions;

namespace SharpTune.Text.Tokenization.Training;

/// <summary>GPT-2's reversible byte → printable character map and the GPT-4 / Qwen2 split regex.</summary>
internal static partial class ByteLevelAlphabet
{
    /// <summary>The split regex of Qwen2's tokenizer.json (GPT-4's cl100k pattern with single digits).</summary>
    public const string SplitPattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>Byte b is written as ByteToChar[b].</summary>
    public static readonly char[] ByteToChar = BuildMap();

    [GeneratedRegex(SplitPattern)]
    public static partial Regex Split();

    /// <summary>The byte-level form of a piece of text (UTF-8 bytes as mapped characters), written into <paramref name="buffer"/>.</summary>
    public static ReadOnlySpan<char> Map(ReadOnlySpan<char> text, ref char[] buffer)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(text.Length);
        Span<byte> bytes = max <= 1024 ? stackalloc byte[max] : new byte[max];
        int n = System.Text.Encoding.UTF8.GetBytes(text, bytes);
        if (buffer.Length < n) buffer = new char[Math.Max(n, buffer.Length * 2)];
        for (int i = 0; i < n; i++) buffer[i] = ByteToChar[bytes[i]];
        return buffer.AsSpan(0, n);
    }

    /// <summary>The byte-level form of a string.</summary>
    public static string Map(string text)
    {
        var buffer = new char[16];
        return new string(Map(text.AsSpan(), ref buffer));
    }

    private static char[] BuildMap()
    {
        var map = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)(256 + extra++);
        }

        return map;
    }
}
